import TermGrid
import VirtioCore

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

}
