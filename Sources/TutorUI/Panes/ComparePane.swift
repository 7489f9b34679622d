import TermGrid
import VirtioFlows

/// The emulated, assigned and virtio flows side by side (from ``VisualFrame/compareRuns``): VM exits (by class when
/// there is room), host and guest interrupts apart, DMA transfers, kicks, cycles and µs, the cycle ratio to virtio, and the cost model's
/// caveat (the figures come from different CPUs, years and measurement styles, at the model's clock) under the table,
/// whole: the short caveat when the long one does not fit, and table rows give way to it.
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
    // The total an unanswered exercise asks for (`flow.virtio.cycles`): `?` in its run's column.
    var hidden: (flow: String, total: String)?
    if case .flow(let name)? = context.frame.concealed {
      let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
      if parts.count == 2 { hidden = (parts[0], parts[1]) }
    }
    // Hiding a run's cycles hides its µs and its ratio too (each gives the cycles away).
    func costHidden(_ run: FlowRun) -> Bool { hidden?.flow == run.flow.rawValue && hidden?.total == "cycles" }
    func count(_ total: String, _ value: (FlowTotals) -> Int) -> [String] {
      runs.map { run in
        hidden?.flow == run.flow.rawValue && hidden?.total == total ? "?" : PaneFormat.count(value(run.totals), width: columnWidth - 1)
      }
    }
    var rows: [Row] = []
    let plain = Style.plain
    let dim = context.style(.dim)
    rows.append(Row(label: wide ? "VM exits" : "exits", values: count("exits", \.exits), style: context.style(.strong)))
    let byClass = ExitClass.allCases.map { exitClass in
      Row(label: "  " + exitClass.displayName, values: count("", { $0.exits(exitClass) }), style: dim)
    }
    // Host and guest interrupts are different events (a NIC's MSI taken by the host, an injection into the
    // guest): two rows, never added together.
    rows.append(Row(label: wide ? "host interrupts" : "h-irq", values: count("host_interrupts", \.hostInterrupts), style: plain))
    rows.append(Row(label: wide ? "guest interrupts" : "v-irq", values: count("injected_interrupts", \.injectedInterrupts), style: plain))
    rows.append(Row(label: "DMA", values: count("dma", \.dmaTransfers), style: plain))
    rows.append(Row(label: "kicks", values: count("kicks", \.kicks), style: plain))
    rows.append(Row(label: "cycles", values: count("cycles", \.cycles), style: plain))
    rows.append(
      Row(label: "µs", values: runs.map { costHidden($0) ? "?" : PaneFormat.micros($0.totals.micros, width: columnWidth - 1) }, style: plain))
    rows.append(
      Row(
        label: wide ? "cycles vs virtio" : "vs virtio",
        values: runs.map { run in costHidden(run) ? "?" : comparison.cycleRatio(run.flow).map { NumberFormat.ratio($0) } ?? "—" },
        style: context.style(.changed)))
    // Header, table, then the caveat whole (the long one, else the short one naming the model's clock); the exit
    // classes only when everything else fits; rows at the end give way to the caveat rather than cut it.
    let cost = runs[0].cost
    let long = TextWrap.wrap(context.text(cost.caveat), width: inner.width)
    let short = TextWrap.wrap(context.text(cost.shortCaveat), width: inner.width)
    if inner.height >= 1 + rows.count + byClass.count + long.count { rows.insert(contentsOf: byClass, at: 1) }
    let caveat = inner.height >= 1 + rows.count + long.count ? long : short
    for label in ["µs", "DMA", "kicks"] where 1 + rows.count + caveat.count > inner.height {
      rows.removeAll { $0.label == label }
    }
    while rows.count > 1 && 1 + rows.count + caveat.count > inner.height { rows.remove(at: rows.count - 2) }

    var y = inner.y
    var header = LineBuilder()
    header.add(String(repeating: " ", count: labelWidth))
    for run in runs {
      var name = run.flow.rawValue
      if name.count > columnWidth - 1 { name = String(name.prefix(max(1, columnWidth - 2))) + "." }
      header.add(PaneFormat.right(name, columnWidth), context.style(.tableHeader))
    }
    header.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
    if hidden != nil { context.drawConcealLegend(in: area, into: &grid) }
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
    // The caveat, whole.
    for text in caveat where y < inner.maxY {
      grid.put(text, at: Point(x: inner.x, y: y), style: context.style(.dim), clip: inner)
      y += 1
    }
  }
}
