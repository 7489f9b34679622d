import TermGrid
import VirtioCore

/// A hex view of guest memory (at the cursor) around the current event's address: row addresses, 16 bytes a row
/// when the pane is wide enough (else 8, else 4), the bytes of the current access lit (``ThemeRole/current`` while it
/// animates, ``ThemeRole/changed`` once settled) and bytes written earlier in the step marked ``ThemeRole/changed``.
/// A caption names the ring fields of the highlighted range (`desc[0].addr`, `avail.ring[1]`, …) and the value.
///
/// ```
/// ┌─ guest memory ─────────────────────┐
/// │used.ring[0].id = 0 @0x109c         │
/// │0x01098 00 00 00 00  00 00 00 00    │
/// └────────────────────────────────────┘
/// ```
public struct MemoryPane: Sendable {
  public init() {}

  /// Draws the pane (its box included) into `area`.
  public func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let area = area.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    let inner = context.drawBox(area, title: "guest memory", into: &grid)
    guard !inner.isEmpty else { return }
    let frame = context.frame
    guard let memory = frame.memory ?? frame.queue?.memory.currentView, memory.size > 0 else {
      grid.put(context.text("no guest memory yet"), at: inner.origin, style: context.style(.dim), clip: inner)
      return
    }
    let layout = frame.queue?.layout
    let focus = Self.focus(frame)
    let start = focus?.address ?? layout?.descriptorTable ?? 0
    let length = max(1, focus?.length ?? 0)

    // Caption.
    var y = inner.y
    let captionLines = inner.height >= 6 && inner.width >= 50 ? 2 : (inner.height >= 3 ? 1 : 0)
    if captionLines > 0 {
      drawCaption(
        focus: focus, start: start, length: length, layout: layout, lines: captionLines, y: y, inner: inner,
        context: context, into: &grid)
      y += captionLines
    }

    // Geometry: address column, then the bytes with an extra space between the halves of a row.
    let addressDigits = max(4, String(UInt64(max(0, memory.size - 1)), radix: 16).count)
    let addressWidth = 2 + addressDigits
    func rowWidth(_ bytes: Int) -> Int { addressWidth + 1 + bytes * 3 - 1 + (bytes >= 8 ? 1 : 0) }
    let perRow = [16, 8, 4].first { rowWidth($0) <= inner.width } ?? 4
    let showText = rowWidth(perRow) + 2 + perRow <= inner.width
    let rows = inner.maxY - y
    guard rows > 0 else { return }
    let totalRows = (memory.size + perRow - 1) / perRow
    let firstRow = Int(min(start, UInt64(memory.size - 1))) / perRow
    let (end, overflow) = start.addingReportingOverflow(UInt64(length) - 1)
    let lastRow = Int(min(overflow ? UInt64.max : end, UInt64(memory.size - 1))) / perRow
    // Show the access near the top third; a long access starts at its first row.
    var top = lastRow - firstRow + 1 >= rows ? firstRow : firstRow - (rows - (lastRow - firstRow + 1)) / 3
    top = max(0, min(top, totalRows - rows))

    let written = Self.writtenRanges(frame)
    // Read the visible window once (a view of the write log at the cursor), not byte by byte.
    let windowStart = UInt64(top * perRow)
    let windowCount = min(rows * perRow, memory.size - Int(windowStart))
    let window = (try? memory.read(at: windowStart, count: max(0, windowCount))) ?? []
    let currentRole: ThemeRole = frame.isSettled ? .changed : .current
    let dim = context.style(.dim)
    for r in 0..<rows where top + r < totalRows {
      let rowAddress = UInt64((top + r) * perRow)
      let rowY = y + r
      let label = "0x" + PaneFormat.right(String(rowAddress, radix: 16), addressDigits).replacingSpaces(with: "0")
      grid.put(label, at: Point(x: inner.x, y: rowY), style: dim, clip: inner)
      var x = inner.x + addressWidth + 1
      var text = ""
      for b in 0..<perRow {
        let address = rowAddress + UInt64(b)
        if b == perRow / 2 && perRow >= 8 { x += 1 }
        let index = Int(address - windowStart)
        guard index < window.count else { break }
        let byte = window[index]
        var style = byte == 0 ? dim : Style.plain
        if focus != nil, address >= start, address - start < UInt64(length) {
          style = context.style(currentRole)
        } else if written.contains(where: { address >= $0.lowerBound && address < $0.upperBound }) {
          style = context.style(.changed)
        }
        let hex = String(byte, radix: 16)
        grid.put(byte < 16 ? "0" + hex : hex, at: Point(x: x, y: rowY), style: style, clip: inner)
        x += 3
        text.unicodeScalars.append(byte >= 0x20 && byte < 0x7F ? Unicode.Scalar(byte) : ".")
      }
      if showText {
        grid.put(text, at: Point(x: inner.x + rowWidth(perRow) + 2, y: rowY), style: dim, clip: inner)
      }
    }
  }

  /// The access to show: the current event's bytes, else the latest event before it that touched memory.
  static func focus(_ frame: VisualFrame) -> (address: UInt64, length: Int, entry: TraceEntry)? {
    let played = frame.events.prefix(max(0, min(frame.cursor, frame.events.count)))
    let layout = frame.queue?.layout
    for entry in played.reversed() {
      if let address = entry.address { return (address, entry.length ?? 1, entry) }
      if let field = entry.field, let location = layout?.location(of: field) {
        return (location.address, location.width, entry)
      }
    }
    return nil
  }

  /// Byte ranges written (or poked) by the step's events before the current one.
  static func writtenRanges(_ frame: VisualFrame) -> [Range<UInt64>] {
    let played = frame.events.prefix(max(0, min(frame.cursor, frame.events.count) - 1))
    return played.compactMap { entry in
      guard entry.kind == .write || entry.kind == .poke, let address = entry.address, let length = entry.length,
        length > 0
      else {
        return nil
      }
      let (end, overflow) = address.addingReportingOverflow(UInt64(length))
      return overflow ? nil : address..<end
    }
  }

  /// The ring fields covering `[start, start + length)`, at most `limit` names then `…`.
  static func fieldNames(start: UInt64, length: Int, layout: SplitLayout?, limit: Int = 3) -> [String] {
    guard let layout else { return [] }
    var names: [String] = []
    var address = start
    let (sum, overflow) = start.addingReportingOverflow(UInt64(min(max(1, length), 512)))
    let end = overflow ? UInt64.max : sum
    while address < end {
      guard let field = layout.field(at: address), let location = layout.location(of: field) else {
        address += 1
        continue
      }
      if names.count == limit {
        names.append("…")
        break
      }
      names.append(field.description)
      address = max(address + 1, location.address + UInt64(location.width))
    }
    return names
  }

  func drawCaption(
    focus: (address: UInt64, length: Int, entry: TraceEntry)?, start: UInt64, length: Int, layout: SplitLayout?,
    lines: Int, y: Int, inner: Rect, context: PaneContext, into grid: inout CellGrid
  ) {
    guard let focus else {
      grid.put(context.text("no access yet"), at: Point(x: inner.x, y: y), style: context.style(.dim), clip: inner)
      return
    }
    let entry = focus.entry
    var names = Self.fieldNames(start: start, length: length, layout: layout)
    if names.isEmpty, case .buffer? = entry.field { names = ["buffer"] }
    if names.isEmpty { names = ["bytes"] }
    let role = context.frame.isSettled ? ThemeRole.changed : .current
    var value = ""
    if let v = entry.value, let field = entry.field {
      if case .buffer = field {
      } else {
        value = (entry.kind == .read ? " → " : " = ") + FieldFormat.value(v, of: field)
      }
    }
    let verb: String
    switch entry.kind {
    case .read: verb = "read"
    case .write: verb = "write"
    case .poke: verb = "poke"
    default: verb = entry.kind.rawValue
    }
    let at = "@" + hex(start)
    let size = "\(length) byte\(length == 1 ? "" : "s")"
    if lines >= 2 {
      var first = LineBuilder()
      first.add(context.text(names.joined(separator: " ")), context.style(role))
      first.add(context.text(value))
      first.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
      var second = LineBuilder()
      second.add("\(entry.role.rawValue) \(verb) \(at), \(size)", context.style(PaneContext.role(of: entry.role)))
      second.draw(at: Point(x: inner.x, y: y + 1), limit: inner.width, into: &grid, ellipsis: context.text("…"))
    } else {
      var line = LineBuilder()
      line.add(context.text(names.joined(separator: " ")), context.style(role))
      line.add(context.text(value))
      line.add(" " + at, context.style(.dim))
      line.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
    }
  }
}

extension String {
  func replacingSpaces(with character: Character) -> String { String(map { $0 == " " ? character : $0 }) }
}
