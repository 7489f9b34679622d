import TermGrid
import VirtioFlows

/// The emulated, assigned and virtio flows side by side (from ``VisualFrame/compareRuns``): VM exits (by class when
/// there is room), interrupts, DMA transfers, kicks, cycles and µs, the cycle ratio to virtio, and the cost model's
/// caveat (the figures come from different CPUs, years and measurement styles) under the table, cut to the rows left.
public struct ComparePane: Pane {
  public init() {}

  /// Draws the pane (its box included) into `area`.
  public func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let area = area.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    let runs = context.frame.compareRuns
    var title = "compare"
    if let options = runs.first?.options {
      title += ": \(options.direction.displayName) \(options.packets) × \(options.bytes) B"
    }
    let inner = context.drawBox(area, title: title, into: &grid)
    guard !inner.isEmpty else { return }
    guard !runs.isEmpty else {
      grid.put(context.text("no comparison in this step"), at: inner.origin, style: context.style(.dim), clip: inner)
      return
    }
    let comparison = Comparison(options: runs[0].options, cost: runs[0].cost, runs: runs)
    let wide = inner.width >= 50
    let labelWidth = wide ? 20 : 9
    let columns = runs.count
    let columnWidth = max(1, (inner.width - labelWidth) / columns)

    struct Row {
      var label: String
      var values: [String]
      var style: Style
    }
    func count(_ value: (FlowTotals) -> Int) -> [String] {
      runs.map { PaneFormat.count(value($0.totals), width: columnWidth - 1) }
    }
    var rows: [Row] = []
    let plain = Style.plain
    let dim = context.style(.dim)
    rows.append(Row(label: wide ? "VM exits" : "exits", values: count(\.exits), style: context.style(.strong)))
    let byClass = ExitClass.allCases.map { exitClass in
      Row(label: "  " + exitClass.displayName, values: count { $0.exits(exitClass) }, style: dim)
    }
    rows.append(Row(label: wide ? "interrupts" : "irqs", values: count(\.interrupts), style: plain))
    rows.append(Row(label: "DMA", values: count(\.dmaTransfers), style: plain))
    rows.append(Row(label: "kicks", values: count(\.kicks), style: plain))
    rows.append(Row(label: "cycles", values: count(\.cycles), style: plain))
    rows.append(
      Row(label: "µs", values: runs.map { PaneFormat.micros($0.totals.micros, width: columnWidth - 1) }, style: plain))
    rows.append(
      Row(
        label: wide ? "cycles vs virtio" : "vs virtio",
        values: runs.map { run in comparison.cycleRatio(run.flow).map { NumberFormat.ratio($0) } ?? "—" },
        style: context.style(.changed)))
    // Header, table, then at least one line of caveat; the exit classes only when everything else fits.
    let needed = 1 + rows.count + 1
    if inner.height >= needed + byClass.count + 2 { rows.insert(contentsOf: byClass, at: 1) }

    var y = inner.y
    var header = LineBuilder()
    header.add(String(repeating: " ", count: labelWidth))
    for run in runs {
      var name = run.flow.rawValue
      if name.count > columnWidth - 1 { name = String(name.prefix(max(1, columnWidth - 2))) + "." }
      header.add(PaneFormat.right(name, columnWidth), context.style(.tableHeader))
    }
    header.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
    y += 1
    for row in rows where y < inner.maxY {
      var line = LineBuilder()
      line.add(
        PaneFormat.left(context.text(row.label), labelWidth), row.style == context.style(.strong) ? row.style : plain)
      for (i, value) in row.values.enumerated() {
        var style = row.style
        if runs[i].flow == .virtio { style.bold = true }
        line.add(PaneFormat.right(context.text(value), columnWidth), style)
      }
      line.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
      y += 1
    }
    // The caveat, wrapped into what is left, ending in … when cut.
    let room = inner.maxY - y
    guard room > 0 else { return }
    let lines = TextWrap.wrap(context.text(CostModel.caveat), width: inner.width)
    for (i, text) in lines.prefix(room).enumerated() {
      var line = LineBuilder()
      line.add(text, context.style(.dim))
      let cut = i == room - 1 && lines.count > room
      if cut { line.add(" " + context.text("…"), context.style(.dim)) }
      line.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
      y += 1
    }
  }
}
