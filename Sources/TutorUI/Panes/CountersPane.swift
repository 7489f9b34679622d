import TermGrid
import VirtioFlows

/// VM exits, interrupts, kicks, DMA transfers, cycles and µs for the current step (up to the cursor) and in total,
/// one row each; `—` where the step does not model a figure. Suppressed interrupts and kicks get their own columns
/// when the pane is wide enough. In the 4-row pane of the layout the column headings sit in the top border.
///
/// ```
/// ┌─────exits─irq─kick─DMA─cycles────µs┐
/// │step     2   0    0   0 10,000  3.33│
/// │total    2   0    0   0 10,000  3.33│
/// └────────────────────────────────────┘
/// ```
public struct CountersPane: Sendable {
  public init() {}

  struct Column {
    var header: String
    var width: Int
    var value: (CounterSet) -> String
  }

  /// Draws the pane (its box included) into `area`.
  public func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let area = area.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    let interior = area.inset(by: 1)
    let frame = context.frame
    let none = context.text("—")
    func optional(_ value: Int?, _ width: Int) -> String { value.map { PaneFormat.count($0, width: width) } ?? none }

    // Columns by priority; each width includes one leading space.
    let all: [(priority: Int, column: Column)] = [
      (0, Column(header: "exits", width: 5) { optional($0.exits, 4) }),
      (1, Column(header: "irq", width: 4) { PaneFormat.count($0.interrupts, width: 3) }),
      (6, Column(header: "no-irq", width: 7) { PaneFormat.count($0.interruptsSuppressed, width: 6) }),
      (2, Column(header: "kick", width: 5) { PaneFormat.count($0.kicks, width: 4) }),
      (7, Column(header: "no-kick", width: 8) { PaneFormat.count($0.kicksSuppressed, width: 7) }),
      (3, Column(header: "DMA", width: 4) { optional($0.dma, 3) }),
      (4, Column(header: "cycles", width: 7) { optional($0.cycles, 6) }),
      (
        5,
        Column(header: context.text("µs"), width: 6) { c in c.micros.map { PaneFormat.micros($0, width: 5) } ?? none }
      ),
    ]
    let labelWidth = 5
    var budget = interior.width - labelWidth
    var chosen = Set<Int>()
    for entry in all.sorted(by: { $0.priority < $1.priority }) where entry.column.width <= budget {
      chosen.insert(entry.priority)
      budget -= entry.column.width
    }
    var columns = all.filter { chosen.contains($0.priority) }.map(\.column)
    // Room to spare widens cycles, µs and exits (fewer shortened figures), then the label column takes the rest,
    // so the numbers end at the right edge.
    for (header, extra, value) in [
      ("cycles", 3, { (c: CounterSet, w: Int) in optional(c.cycles, w) }),
      (context.text("µs"), 2, { (c: CounterSet, w: Int) in c.micros.map { PaneFormat.micros($0, width: w) } ?? none }),
      ("exits", 2, { (c: CounterSet, w: Int) in optional(c.exits, w) }),
    ] {
      guard let i = columns.firstIndex(where: { $0.header == header }) else { continue }
      let grow = min(extra, budget)
      guard grow > 0 else { continue }
      budget -= grow
      let width = columns[i].width + grow
      columns[i].width = width
      columns[i].value = { value($0, width - 1) }
    }
    let label = labelWidth + max(0, budget)

    let headersInBorder = interior.height < 3
    let titled = !headersInBorder || label >= 11
    let inner = context.drawBox(area, title: titled ? "counters" : "", into: &grid)
    guard !inner.isEmpty || headersInBorder else { return }
    var y = inner.y
    let headerY = headersInBorder ? area.y : inner.y
    if !headersInBorder { y += 1 }
    var x = inner.x + label
    for column in columns {
      let headerWidth = column.header.unicodeScalars.count
      grid.put(
        column.header, at: Point(x: x + column.width - headerWidth, y: headerY), style: context.style(.paneTitle),
        clip: area.intersection(grid.bounds).inset(horizontal: 1))
      x += column.width
    }
    let rows: [(String, CounterSet, Style)] = [
      ("step", frame.stepCounters, .plain),
      ("total", frame.totalCounters, context.style(.strong)),
    ]
    for (name, counters, style) in rows where y < inner.maxY {
      var line = LineBuilder()
      line.add(PaneFormat.left(name, label), context.style(.dim))
      for column in columns {
        let value = column.value(counters)
        let valueStyle = value == none ? context.style(.dim) : style
        line.add(PaneFormat.right(value, column.width), valueStyle)
      }
      line.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
      y += 1
    }
  }
}
