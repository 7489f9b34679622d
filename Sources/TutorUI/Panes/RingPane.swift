import TermGrid
import VirtioCore

/// The virtqueue: the descriptor table (index, addr, len, flags, next and who holds each descriptor), then the
/// available ring (idx, the device's `last_avail_idx`, flags, `used_event`, the slots with their heads) and the used
/// ring (idx, the driver's `last_used_idx`, flags, `avail_event`, the slots with `id:len`).
///
/// Values come from guest memory at the cursor. The current event's field is lit (``ThemeRole/current``) while its
/// animation runs and marked ``ThemeRole/changed`` once it settled; fields written earlier in the step are marked
/// ``ThemeRole/changed``. Descriptor states are spelled out (`free`, `driver`, `avail`, `in use`, `used`) as well as
/// coloured, and the ring indices are glyphs in the slot rows: `▸` before the slot the consumer takes next
/// (`last_avail_idx`, `last_used_idx`) and `│` before the slot the producer fills next (`avail.idx`, `used.idx`).
/// Queues longer than the pane show a window around the most recently touched descriptor and around the indices.
///
/// ```
/// ┌─ virtqueue · size 8 ───────────────┐
/// │#  addr    len  flags  next  state  │
/// │0  0x2000   64  NEXT      1  in use │
/// │1  0x2040  512  WRITE     0  in use │
/// │2  0x2240  100  0         0  avail  │
/// │3  0x0       0  0         0  free   │
/// │4  0x0       0  0         0  free   │
/// │…                                   │
/// │avail │idx 2 ▸dev 1 fl 0 used_ev 0  │
/// │   0  ▸2 │ 0   0   0   0   0   0    │
/// │used │idx 0 ▸drv 0 fl 0 avail_ev 1  │
/// │ │▸0:0   0:0   0:0   0:0   0:0   …  │
/// └────────────────────────────────────┘
/// ```
public struct RingPane: Sendable {
  public init() {}

  /// `virtqueue · size 8 · status 15`, with `NEEDS_RESET`, `FAILED` or `not live` when they apply and there is
  /// room (the status byte is what lesson scripts `expect`).
  static func title(_ queue: Virtqueue?, width: Int) -> String {
    guard let queue else { return "virtqueue" }
    var title = "virtqueue · size \(queue.layout.size)"
    let status = queue.registers.status
    let number = " · status \(status.rawValue)"
    var word = ""
    if status.contains(.deviceNeedsReset) {
      word = " NEEDS_RESET"
    } else if status.contains(.failed) {
      word = " FAILED"
    } else if !status.contains(.driverOK) {
      word = " not live"
    }
    for extra in [number + word, number] where title.count + extra.count + 6 <= width {
      title += extra
      break
    }
    return title
  }

  /// Draws the pane (its box included) into `area`.
  public func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let area = area.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    let inner = context.drawBox(area, title: Self.title(context.frame.queue, width: area.width), into: &grid)
    guard !inner.isEmpty else { return }
    guard let model = RingModel(frame: context.frame) else {
      var y = inner.y
      grid.put(context.text("no virtqueue yet"), at: Point(x: inner.x, y: y), style: context.style(.dim), clip: inner)
      y += 1
      if let problem = context.frame.problem {
        for line in TextWrap.wrap(context.text("! " + problem), width: inner.width) where y < inner.maxY {
          grid.put(line, at: Point(x: inner.x, y: y), style: context.style(.error), clip: inner)
          y += 1
        }
      }
      return
    }
    RingDrawer(model: model, context: context, inner: inner).draw(into: &grid)
  }
}

/// One rendering of the ring pane: the layout decisions and the drawing.
struct RingDrawer {
  let model: RingModel
  let context: PaneContext
  let inner: Rect
  let wide: Bool
  let size: Int

  init(model: RingModel, context: PaneContext, inner: Rect) {
    self.model = model
    self.context = context
    self.inner = inner
    wide = inner.width >= 56
    size = model.layout.size
  }

  // MARK: - Layout

  func draw(into grid: inout CellGrid) {
    let height = inner.height
    // Rings take three lines each (fields, slot numbers, slots) when the table still shows up to 8 descriptors,
    // else two (fields, slots). Sections get a blank line between them when there is room to spare.
    let ringLines = height - 1 - 6 >= min(size, 8) ? 3 : 2
    let spare = height - 1 - size - 2 * ringLines
    let gap = spare >= 2 ? 1 : 0
    let tableRows = max(0, height - 2 * ringLines - 2 * gap)
    var y = inner.y
    drawTable(rows: tableRows, at: &y, into: &grid)
    y += gap
    drawAvail(lines: ringLines, at: &y, into: &grid)
    y += gap
    drawUsed(lines: ringLines, at: &y, into: &grid)
    if wide && inner.maxY - y >= 3 { drawLegend(at: inner.maxY - 2, into: &grid) }
  }

  /// What the slot glyphs and the state words mean, on the last two rows when there is room.
  func drawLegend(at y: Int, into grid: inout CellGrid) {
    var glyphs = LineBuilder()
    glyphs.add(context.symbol("│", "|"), context.style(.paneTitle))
    glyphs.add(" next slot to fill (idx)   ", context.style(.dim))
    glyphs.add(context.symbol("▸", ">"), context.style(.paneTitle))
    glyphs.add(" next slot to take", context.style(.dim))
    glyphs.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
    var states = LineBuilder()
    states.add("states:", context.style(.dim))
    for state in DescriptorState.allCases {
      states.add(" ")
      states.add(state.word, context.style(state.role))
    }
    states.draw(at: Point(x: inner.x, y: y + 1), limit: inner.width, into: &grid, ellipsis: context.text("…"))
  }

  // MARK: - Descriptor table

  /// `NEXT|WRITE` in full, or `NW` when `compact`.
  static func flagsText(_ raw: UInt64, compact: Bool) -> String {
    let flags = DescriptorFlags(rawValue: UInt16(truncatingIfNeeded: raw))
    if !compact { return flags.description }
    var s = ""
    if flags.contains(.next) { s += "N" }
    if flags.contains(.write) { s += "W" }
    if flags.contains(.indirect) { s += "I" }
    if flags.rawValue & ~7 != 0 { s += "?" }
    return s.isEmpty ? "-" : s
  }

  func focus() -> Int {
    if let index = model.focusDescriptor { return index }
    if let busy = model.states.keys.min() { return busy }
    return 0
  }

  func drawTable(rows: Int, at y: inout Int, into grid: inout CellGrid) {
    guard rows > 0 else { return }
    let window = PaneFormat.window(count: size, slots: rows - 1, focus: focus())
    // Cell texts of the visible rows first, to size the columns.
    struct Row {
      var index: Int
      var cells: [String]
    }
    let parts: [DescriptorPart] = [.addr, .len, .flags, .next]
    let values = window.compactMap { $0 }.map { index in (index, parts.map { model.value(.descriptor(index, $0)) }) }
    let right = [true, false, true, false, true, false]
    // The roomiest of three spellings that fits: two-space gaps, then one, then short headers and flag letters.
    var sep = " "
    var headers: [String] = []
    var shown: [Row] = []
    var widths: [Int] = []
    for variant in 0..<3 {
      sep = variant == 0 ? "  " : " "
      let compact = variant == 2
      headers = compact ? ["#", "addr", "len", "fl", "nx", "state"] : ["#", "addr", "len", "flags", "next", "state"]
      shown = values.map { index, v in
        Row(
          index: index,
          cells: [
            String(index), hex(v[0]), String(v[1]), Self.flagsText(v[2], compact: compact), String(v[3]),
            model.state(index).word,
          ])
      }
      widths = headers.map { $0.count }
      widths[0] = max(widths[0], PaneFormat.digits(size - 1))
      widths[5] = DescriptorState.allCases.map(\.word.count).max() ?? 0
      for row in shown { for (c, cell) in row.cells.enumerated() { widths[c] = max(widths[c], cell.count) } }
      if widths.reduce(0, +) + 5 * sep.count <= inner.width { break }
    }
    func pad(_ text: String, _ c: Int) -> String {
      right[c] ? PaneFormat.right(text, widths[c]) : PaneFormat.left(text, widths[c])
    }

    var header = LineBuilder()
    for (c, title) in headers.enumerated() { header.add((c > 0 ? sep : "") + pad(title, c), context.style(.dim)) }
    header.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
    y += 1
    var rowIterator = shown.makeIterator()
    for entry in window {
      guard y < inner.maxY else { break }
      guard entry != nil, let row = rowIterator.next() else {
        grid.put(context.text("…"), at: Point(x: inner.x, y: y), style: context.style(.dim), clip: inner)
        y += 1
        continue
      }
      let state = model.state(row.index)
      let stateStyle = context.style(state.role)
      let valueStyle = state == .free ? context.style(.descFree) : Style.plain
      var line = LineBuilder()
      line.add(pad(row.cells[0], 0), stateStyle)
      for (k, part) in parts.enumerated() {
        line.add(sep)
        var style = valueStyle
        if let role = model.highlight(.descriptor(row.index, part)) { style = context.style(role) }
        // Only the value takes the highlight, not the padding around it.
        let text = row.cells[k + 1]
        let padding = String(repeating: " ", count: max(0, widths[k + 1] - text.count))
        if right[k + 1] { line.add(padding) }
        line.add(text, style)
        if !right[k + 1] { line.add(padding) }
      }
      line.add(sep)
      line.add(row.cells[5], stateStyle)
      line.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
      y += 1
    }
  }

  // MARK: - Rings

  /// A piece of a ring's summary line: text and the field (or private index) it shows.
  enum Mark {
    case field(RingField)
    case lastAvail, lastUsed, none
  }

  func style(for mark: Mark, base: Style = .plain) -> Style {
    switch mark {
    case .field(let field):
      if let role = model.highlight(field) { return context.style(role) }
    case .lastAvail, .lastUsed:
      if let event = model.event, event.kind == .index, (event.role == .device) == (mark.isLastAvail) {
        return context.style(model.lit ? .current : .changed)
      }
    case .none: break
    }
    return base
  }

  /// Draws the first variant of a summary line that fits, or the last one cut short.
  func drawVariants(_ variants: [[(String, Mark, Style)]], at y: Int, into grid: inout CellGrid) {
    guard y < inner.maxY else { return }
    var chosen = LineBuilder()
    for variant in variants {
      var line = LineBuilder()
      for (text, mark, base) in variant { line.add(context.text(text), style(for: mark, base: base)) }
      chosen = line
      if line.width <= inner.width { break }
    }
    chosen.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
  }

  var eventIdx: Bool { model.queue.negotiated.contains(.eventIdx) }

  func drawAvail(lines: Int, at y: inout Int, into grid: inout CellGrid) {
    let idx = model.value(.availIdx)
    let flags = model.value(.availFlags)
    let event = model.value(.usedEvent)
    let title = context.style(.paneTitle)
    let eventStyle = eventIdx ? Style.plain : context.style(.dim)
    let last = String(model.lastAvailIdx)
    let marker = context.symbol("▸", ">")
    let bar = context.symbol("│", "|")
    drawVariants(
      [
        [
          ("avail", .none, title), ("  \(bar)idx ", .none, .plain), (String(idx), .field(.availIdx), .plain),
          ("  \(marker)last_avail_idx ", .none, .plain), (last, .lastAvail, .plain),
          ("  flags ", .none, .plain), (FieldFormat.value(flags, of: .availFlags), .field(.availFlags), .plain),
          ("  used_event ", .none, eventStyle), (String(event), .field(.usedEvent), eventStyle),
        ],
        [
          ("avail", .none, title), (" \(bar)idx ", .none, .plain), (String(idx), .field(.availIdx), .plain),
          (" \(marker)dev ", .none, .plain), (last, .lastAvail, .plain),
          (" fl ", .none, .plain), (String(flags), .field(.availFlags), .plain),
          (" used_ev ", .none, eventStyle), (String(event), .field(.usedEvent), eventStyle),
        ],
        [
          ("avail", .none, title), (" \(bar)", .none, .plain), (String(idx), .field(.availIdx), .plain),
          (" \(marker)", .none, .plain), (last, .lastAvail, .plain),
          (" fl ", .none, .plain), (String(flags), .field(.availFlags), .plain),
          (" ue ", .none, eventStyle), (String(event), .field(.usedEvent), eventStyle),
        ],
      ], at: y, into: &grid)
    y += 1
    let producer = UInt16(truncatingIfNeeded: idx)
    drawSlots(
      lines: lines - 1, at: &y, touched: model.focusAvailSlot,
      end: further(producer, model.shadowIdx, from: model.lastAvailIdx),
      producer: producer, consumer: model.lastAvailIdx, consumerMark: .lastAvail,
      into: &grid
    ) { slot in
      let head = model.value(.availRing(slot))
      var base = context.style(.dim)
      if inRange(slot, from: model.lastAvailIdx, count: producer &- model.lastAvailIdx) {
        base = context.style(.descAvail)
      } else if inRange(slot, from: producer, count: model.shadowIdx &- producer) {
        base = context.style(.descDriver)
      }
      return [(String(head), .field(.availRing(slot)), base)]
    }
  }

  func drawUsed(lines: Int, at y: inout Int, into grid: inout CellGrid) {
    let idx = model.value(.usedIdx)
    let flags = model.value(.usedFlags)
    let event = model.value(.availEvent)
    let title = context.style(.paneTitle)
    let eventStyle = eventIdx ? Style.plain : context.style(.dim)
    let last = String(model.lastUsedIdx)
    let marker = context.symbol("▸", ">")
    let bar = context.symbol("│", "|")
    drawVariants(
      [
        [
          ("used", .none, title), ("   \(bar)idx ", .none, .plain), (String(idx), .field(.usedIdx), .plain),
          ("  \(marker)last_used_idx ", .none, .plain), (last, .lastUsed, .plain),
          ("   flags ", .none, .plain), (FieldFormat.value(flags, of: .usedFlags), .field(.usedFlags), .plain),
          ("  avail_event ", .none, eventStyle), (String(event), .field(.availEvent), eventStyle),
        ],
        [
          ("used", .none, title), (" \(bar)idx ", .none, .plain), (String(idx), .field(.usedIdx), .plain),
          (" \(marker)drv ", .none, .plain), (last, .lastUsed, .plain),
          (" fl ", .none, .plain), (String(flags), .field(.usedFlags), .plain),
          (" avail_ev ", .none, eventStyle), (String(event), .field(.availEvent), eventStyle),
        ],
        [
          ("used", .none, title), (" \(bar)", .none, .plain), (String(idx), .field(.usedIdx), .plain),
          (" \(marker)", .none, .plain), (last, .lastUsed, .plain),
          (" fl ", .none, .plain), (String(flags), .field(.usedFlags), .plain),
          (" ae ", .none, eventStyle), (String(event), .field(.availEvent), eventStyle),
        ],
      ], at: y, into: &grid)
    y += 1
    let producer = UInt16(truncatingIfNeeded: idx)
    drawSlots(
      lines: lines - 1, at: &y, touched: model.focusUsedSlot,
      end: further(producer, model.deviceUsedIdx, from: model.lastUsedIdx),
      producer: producer, consumer: model.lastUsedIdx, consumerMark: .lastUsed,
      into: &grid
    ) { slot in
      let id = model.value(.usedRingID(slot))
      let len = model.value(.usedRingLen(slot))
      let base =
        inRange(slot, from: model.lastUsedIdx, count: producer &- model.lastUsedIdx)
        ? context.style(.descUsed) : context.style(.dim)
      return [
        (String(id), .field(.usedRingID(slot)), base), (":", .none, base),
        (String(len), .field(.usedRingLen(slot)), base),
      ]
    }
  }

  /// Whether ring slot `slot` holds one of the `count` entries starting at free-running index `start`.
  func inRange(_ slot: Int, from start: UInt16, count: UInt16) -> Bool {
    let n = min(Int(count), size)
    return (slot - model.layout.slot(start) + size) % size < n
  }

  /// Of two free-running indices, the one further ahead of `start`.
  func further(_ a: UInt16, _ b: UInt16, from start: UInt16) -> UInt16 { (a &- start) >= (b &- start) ? a : b }

  /// The slot row (and, with two lines, the slot numbers above it). Each slot is two marker cells then its value:
  /// `│` where the producer writes next, `▸` where the consumer reads next.
  ///
  /// A ring longer than the row shows a window: around the slot the step touched last; else around the entries
  /// between the consumer and `end` when they fit; else from the consumer's slot.
  func drawSlots(
    lines: Int, at y: inout Int, touched: Int?, end: UInt16, producer: UInt16, consumer: UInt16, consumerMark: Mark,
    into grid: inout CellGrid, cell: (Int) -> [(String, Mark, Style)]
  ) {
    guard lines > 0 else { return }
    let indent = 1
    let span = Swift.min(Int(end &- consumer), size)
    let estimate = Swift.max(1, (inner.width - indent) / 4)
    let focus: Int
    if let touched {
      focus = touched
    } else if span < estimate - 2 {
      focus = model.layout.slot(consumer &+ UInt16(span / 2))
    } else {
      focus = model.layout.slot(consumer) + (estimate - 2) / 2 - 1
    }
    // Width of one slot: the widest value among a sample around the focus (and the slot numbers when shown).
    let sample = PaneFormat.window(count: size, slots: estimate, focus: focus).compactMap { $0 }
    var valueWidth = sample.map { cell($0).reduce(0) { $0 + $1.0.count } }.max() ?? 1
    if lines >= 2 { valueWidth = Swift.max(valueWidth, PaneFormat.digits(sample.max() ?? 0)) }
    let slotWidth = 2 + valueWidth + 1
    let fit = Swift.max(0, (inner.width - indent + 1) / slotWidth)
    let window = PaneFormat.window(count: size, slots: fit, focus: focus)
    let producerSlot = model.layout.slot(producer)
    let consumerSlot = model.layout.slot(consumer)
    let numbersY = y
    let slotsY = lines >= 2 ? y + 1 : y
    y += min(lines, 2)
    guard slotsY < inner.maxY else { return }
    for (n, entry) in window.enumerated() {
      let x = inner.x + indent + n * slotWidth
      guard let slot = entry else {
        grid.put(context.text("…"), at: Point(x: x + 2, y: slotsY), style: context.style(.dim), clip: inner)
        continue
      }
      if lines >= 2 {
        grid.put(String(slot), at: Point(x: x + 2, y: numbersY), style: context.style(.dim), clip: inner)
      }
      if slot == producerSlot {
        grid.put(context.symbol("│", "|"), at: Point(x: x, y: slotsY), style: context.style(.paneTitle), clip: inner)
      }
      if slot == consumerSlot {
        grid.put(
          context.symbol("▸", ">"), at: Point(x: x + 1, y: slotsY),
          style: style(for: consumerMark, base: context.style(.paneTitle)), clip: inner)
      }
      var line = LineBuilder()
      for (text, mark, base) in cell(slot) { line.add(text, style(for: mark, base: base)) }
      line.draw(at: Point(x: x + 2, y: slotsY), limit: valueWidth, into: &grid, ellipsis: "")
    }
  }
}

extension RingDrawer.Mark {
  var isLastAvail: Bool {
    if case .lastAvail = self { return true }
    return false
  }
}
