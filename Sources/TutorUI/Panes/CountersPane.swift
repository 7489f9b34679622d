import TermGrid
import VirtioFlows

/// One labelled row per run of the step (each flow run, and the queue with its kicks priced as the VM exits they
/// are under the lesson's transport), up to the cursor. Columns come from ``CounterQuantity``: heavy and light
/// exits apart, guest (`v-irq`) and host (`h-irq`) interrupts apart. When the pane is narrow, the counts the step's
/// text pins come first (in bold), then columns non-zero in some row, then the table's priority. In the
/// 4-row pane of the layout the column headings sit in the top border.
///
/// ```
/// ┌──────────exits─heavy─light─irq-x─v-irq─kick┐
/// │emu 4B        12    11     0     1     1    0│
/// └────────────────────────────────────────────┘
/// ```
public struct CountersPane: Pane {
  public init() {}

  struct Column {
    var quantity: CounterQuantity
    var header: String
    var width: Int
  }

  /// The columns that fit in `budget` cells for `rows`, in the table's order.
  static func columns(for rows: [CounterRow], budget: Int, header: (CounterQuantity) -> String) -> [Column] {
    // Pinned first (the counts the step's text states), then non-zero, then the table's priority.
    let pinned = rows.reduce(into: Set<CounterQuantity>()) { $0.formUnion($1.pinned) }
    func rank(_ q: CounterQuantity) -> (Int, Int, Int) {
      (pinned.contains(q) ? 0 : 1, rows.allSatisfy { q.value($0.totals) == 0 } ? 1 : 0, q.priority)
    }
    let ranked = CounterQuantity.allCases.sorted { rank($0) < rank($1) }
    var left = budget
    var chosen = Set<CounterQuantity>()
    for q in ranked {
      let width = 1 + max(q.digits, header(q).unicodeScalars.count)
      guard width <= left else { continue }
      chosen.insert(q)
      left -= width
    }
    return CounterQuantity.allCases.filter(chosen.contains).map {
      Column(quantity: $0, header: header($0), width: 1 + max($0.digits, header($0).unicodeScalars.count))
    }
  }

  /// The text of one cell.
  static func value(_ q: CounterQuantity, _ totals: FlowTotals, width: Int) -> String {
    q == .micros ? PaneFormat.micros(totals.micros, width: width - 1) : PaneFormat.count(q.value(totals), width: width - 1)
  }

  /// Draws the pane (its box included) into `area`.
  public func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let area = area.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    let interior = area.inset(by: 1)
    let rows = context.frame.counterRows
    let headersInBorder = interior.height < 3 + max(0, rows.count - 1)
    let capacity = max(0, headersInBorder ? interior.height : interior.height - 1)
    let shown = Array(rows.suffix(max(1, capacity)))
    let longLabel = shown.map { context.text($0.label).unicodeScalars.count }.max() ?? 0
    let shortLabel = shown.map { context.text($0.shortLabel).unicodeScalars.count }.max() ?? 0
    let pinned = shown.reduce(into: Set<CounterQuantity>()) { $0.formUnion($1.pinned) }
    // The long labels when they take at most half the row, else the short ones whole (up to half the row), else cut
    // to a third; narrower still when the pinned counts would not fit otherwise.
    let candidates = [
      longLabel + 1 <= interior.width / 2 ? longLabel + 1 : nil, shortLabel + 1 <= interior.width / 2 ? shortLabel + 1 : nil,
      min(shortLabel, interior.width / 3) + 1, 5,
    ].compactMap { $0 }.map { max(5, $0) }
    var label = candidates.last!
    var columns: [Column] = []
    for candidate in candidates {
      label = candidate
      columns = Self.columns(for: shown, budget: interior.width - label) { context.text($0.header) }
      if pinned.isSubset(of: columns.map(\.quantity)) { break }
    }
    let useLong = label == longLabel + 1
    // Room to spare widens cycles and µs (fewer shortened figures), then the label column takes the rest.
    var budget = interior.width - label - columns.reduce(0) { $0 + $1.width }
    for q in [CounterQuantity.cycles, .micros] {
      guard let i = columns.firstIndex(where: { $0.quantity == q }) else { continue }
      let grow = min(3, budget)
      columns[i].width += grow
      budget -= grow
    }
    let labelWidth = label + max(0, budget)

    let inner = context.drawBox(area, title: !headersInBorder || labelWidth >= 11 ? "counters" : "", into: &grid)
    guard !inner.isEmpty || headersInBorder else { return }
    var y = inner.y
    let headerY = headersInBorder ? area.y : inner.y
    if !headersInBorder { y += 1 }
    var x = inner.x + labelWidth
    for column in columns {
      let headerWidth = column.header.unicodeScalars.count
      grid.put(
        column.header, at: Point(x: x + column.width - headerWidth, y: headerY), style: context.style(.paneTitle),
        clip: area.intersection(grid.bounds).inset(horizontal: 1))
      x += column.width
    }
    for row in shown where y < inner.maxY {
      var line = LineBuilder()
      var name = context.text(useLong ? row.label : row.shortLabel)
      if name.unicodeScalars.count >= labelWidth {
        name = String(String.UnicodeScalarView(name.unicodeScalars.prefix(max(0, labelWidth - 2)))) + context.text("…")
      }
      line.add(PaneFormat.left(name, labelWidth), context.style(.dim))
      for column in columns {
        let hidden = row.concealed.contains(column.quantity)
        let text = hidden ? "?" : Self.value(column.quantity, row.totals, width: column.width)
        let style =
          row.pinned.contains(column.quantity)
          ? context.style(.strong) : (column.quantity.value(row.totals) == 0 ? context.style(.dim) : .plain)
        line.add(PaneFormat.right(text, column.width), style)
      }
      line.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
      y += 1
    }
    // The legend of `?`, in the bottom border.
    if shown.contains(where: { !$0.concealed.isEmpty }) { context.drawConcealLegend(in: area, into: &grid) }
  }
}
