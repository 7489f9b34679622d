import TermGrid

/// The three virtio transports side by side (VIRTIO 1.x §4.1 PCI, §4.2 MMIO, §4.3 channel I/O): how the driver
/// finds the device, where it reads and writes the configuration, how it kicks a queue and how the interrupt comes
/// back. Three columns when the pane is wide, stacked otherwise; the engine's transport (PCI) is marked.
///
/// ```
/// ┌─ transports ─────────────────────────────────────────────────────────────────┐
/// │PCI §4.1 · the engine's      MMIO §4.2                 channel I/O (CCW) §4.3   │
/// │find   vendor 0x1af4, …      find   magic 0x74726976 … find   control unit …    │
/// ```
public struct TransportsPane: Pane {
  public init() {}

  /// One transport: its name, its spec section and its rows (what, how).
  struct Transport {
    var name: String
    var section: String
    var rows: [(String, String)]
    /// The kick row in fewer words, for a stacked pane where the three whole kicks do not fit (80×24).
    var shortKick: String
  }

  static let transports: [Transport] = [
    Transport(name: "PCI", section: "§4.1", rows: [
      ("find", "vendor 0x1af4, device 0x1040 + device ID; vendor capabilities (cfg_type 1-5) in config space"),
      ("config", "common cfg structure (cfg_type 1) in a BAR: device_status, queue_select, queue_desc …"),
      ("kick", "write the queue index at notify cap.offset + queue_notify_off × notify_off_multiplier"),
      ("irq", "MSI-X: one vector per queue (msix_config, queue_msix_vector); INTx: the driver reads ISR"),
    ], shortKick: "index at notify cap.offset + queue_notify_off × multiplier"),
    Transport(name: "MMIO", section: "§4.2", rows: [
      ("find", "from the device tree or ACPI; MagicValue 0x74726976 (\"virt\") at offset 0x000, Version 2"),
      ("config", "fixed registers: QueueSel 0x030, QueueNum 0x038, QueueReady 0x044, Status 0x070; config at 0x100"),
      ("kick", "write the queue index to QueueNotify at 0x050"),
      ("irq", "one interrupt line: read InterruptStatus 0x060, write InterruptACK 0x064"),
    ], shortKick: "index to QueueNotify at 0x050"),
    Transport(name: "channel I/O (CCW)", section: "§4.3", rows: [
      ("find", "a subchannel whose control unit type (SENSE ID) is 0x3832"),
      ("config", "channel commands: WRITE_STATUS 0x31, SET_VQ 0x13, READ_FEAT 0x12, WRITE_FEAT 0x11"),
      ("kick", "DIAGNOSE 0x500, subcode 3: subchannel id and queue index in registers"),
      ("irq", "I/O or adapter interrupts with indicator bits (SET_IND 0x43, SET_IND_ADAPTER 0x73)"),
    ], shortKick: "DIAGNOSE 0x500, subcode 3: subchannel id + queue index"),
  ]

  /// Draws the pane (its box included) into `area`.
  public func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let area = area.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    let inner = context.drawBox(area, title: "transports", into: &grid)
    guard !inner.isEmpty else { return }
    let columns = inner.width >= 90 ? 3 : 1
    let width = (inner.width - (columns - 1) * 2) / columns
    let all = Self.transports.enumerated().map { Self.lines($1, width: width, engine: $0 == 0, context: context) }
    // Stacked, when all of them do not fit: each transport's heading and its kick row first (the row the lessons
    // compare), then the rest while there is room, whole rows only; the kicks in fewer words when the three whole
    // ones do not fit (80×24: 11 rows for 8).
    let stackedFits = all.map(\.count).reduce(0, +) + all.count - 1 <= inner.height
    var short = false
    var budgets = all.map { _ in inner.height }
    if columns == 1 && !stackedFits {
      budgets = Self.budgets(width: width, height: inner.height, context: context, short: false)
      if budgets.contains(1) {
        short = true
        budgets = Self.budgets(width: width, height: inner.height, context: context, short: true)
      }
    }
    var y = inner.y
    var extra = inner.height - budgets.reduce(0, +)
    for (index, full) in all.enumerated() {
      let column = columns == 1 ? 0 : index
      let x = inner.x + column * (width + 2)
      var lines = full
      if budgets[index] < full.count {
        // The rows no transport's kick needed go, in order, to the whole rows after a kick.
        let withKick = budgets[index] > 1
        lines = Self.fitted(
          Self.transports[index], width: width, budget: budgets[index] + (withKick ? extra : 0), context: context, short: short)
        extra -= lines.count - budgets[index]
      }
      for (row, line) in lines.enumerated() where y + row < inner.maxY {
        let clip = Rect(x: x, y: y + row, width: width, height: 1)
        grid.put(line, at: clip.origin, clip: clip)
      }
      if columns == 1 { y += lines.count + (stackedFits ? 1 : 0) }
    }
  }

  /// The transport's heading and its rows, each wrapped under a label column.
  static func lines(
    _ transport: Transport, width: Int, engine: Bool, context: PaneContext, kickFirst: Bool = false
  ) -> [[StyledSpan]] {
    let rows = groups(transport, width: width, context: context, kickFirst: kickFirst)
    return [heading(transport, engine: engine, context: context)] + rows.flatMap(\.lines)
  }

  /// Stacked in `height` rows that do not hold everything: each transport's heading and its whole kick row, in
  /// order, while a heading is left for each one after it; a transport whose kick does not fit gets its heading.
  static func budgets(width: Int, height: Int, context: PaneContext, short: Bool) -> [Int] {
    var remaining = height
    return transports.enumerated().map { i, transport in
      let kick = 1 + (groups(transport, width: width, context: context, kickFirst: true, short: short).first?.lines.count ?? 0)
      let later = transports.count - 1 - i
      let budget = kick <= remaining - later ? kick : 1
      remaining -= budget
      return budget
    }
  }

  /// The heading: name, section and, for the engine's transport, `· the engine's`.
  static func heading(_ transport: Transport, engine: Bool, context: PaneContext) -> [StyledSpan] {
    var heading = [StyledSpan(context.text("\(transport.name) \(transport.section)"), style: context.style(.strong))]
    if engine { heading.append(StyledSpan(context.text(" · the engine's"), style: context.style(.device))) }
    return heading
  }

  /// Each row (`kick`, `find` …) with its wrapped lines (the kick in ``Transport/shortKick``'s words when `short`).
  static func groups(
    _ transport: Transport, width: Int, context: PaneContext, kickFirst: Bool, short: Bool = false
  ) -> [(what: String, lines: [[StyledSpan]])] {
    let label = 7
    var rows = transport.rows
    if short { rows = rows.map { $0.0 == "kick" ? ($0.0, transport.shortKick) : $0 } }
    if kickFirst { rows = rows.filter { $0.0 == "kick" } + rows.filter { $0.0 != "kick" } }
    return rows.map { what, how in
      let wrapped = TextWrap.wrap(context.text(how), width: max(1, width - label))
      return (what, wrapped.enumerated().map { i, text in
        [StyledSpan(PaneFormat.left(i == 0 ? what : "", label), style: context.style(.dim)), StyledSpan(text)]
      })
    }
  }

  /// The transport in `budget` lines: its heading, then whole rows, the kick first (the row the lessons compare);
  /// the heading names the rows left out (`· not shown: find config irq`, or `+3 rows` where that does not fit), so
  /// no row is shown in part or dropped silently.
  static func fitted(_ transport: Transport, width: Int, budget: Int, context: PaneContext, short: Bool) -> [[StyledSpan]] {
    var out = [heading(transport, engine: transport.name == transports[0].name, context: context)]
    var left: [String] = []
    let rows = groups(transport, width: width, context: context, kickFirst: true, short: short)
    for row in rows {
      if left.isEmpty, out.count + row.lines.count <= budget { out += row.lines } else { left.append(row.what) }
    }
    if !left.isEmpty {
      let named = " · not shown: " + left.joined(separator: " ")
      let headingWidth = out[0].reduce(0) { $0 + $1.text.count }
      let suffix = headingWidth + named.count <= width ? named : " +\(left.count) rows"
      out[0].append(StyledSpan(context.text(suffix), style: context.style(.dim)))
    }
    return out
  }
}
