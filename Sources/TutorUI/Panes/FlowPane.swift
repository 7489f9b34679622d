import TermGrid
import VirtioCore
import VirtioFlows

/// The flow diagram: the machine's components as boxes, guest on the left (application, driver, vCPU, guest
/// memory) and host on the right (QEMU, KVM, host kernel, interrupt controller, IOMMU, physical NIC), with the
/// current flow step's hops drawn as arrows through the gap between them, so every arrow that crosses the gap
/// crosses the guest/host boundary.
///
/// The arrow travels with the animation phase: its head moves from the first hop's source to the last hop's
/// target over ``VisualFrame/phases`` frames; the hop the head is on is bold, the hops behind it dim. Arrows are
/// labelled with their kind where a straight stretch has room, and the line under the diagram lists every hop kind
/// of the step with the one being drawn lit. The acting component is shown in reverse; the other components the
/// step touches are bold; the rest are dim. The step's one-sentence summary is wrapped below.
public struct FlowPane: Pane {
  public init() {}

  /// Draws the pane (its box included) into `area`.
  public func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let area = area.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    let frame = context.frame
    var title = "flow"
    if let run = frame.flow {
      title = "flow: \(run.flow.rawValue)"
      if !run.steps.isEmpty { title += " · step \(min(max(frame.flowCursor, 0), run.steps.count))/\(run.steps.count)" }
    }
    let inner = context.drawBox(area, title: title, into: &grid)
    guard !inner.isEmpty else { return }
    guard let run = frame.flow else {
      grid.put(context.text("no flow in this step"), at: inner.origin, style: context.style(.dim), clip: inner)
      return
    }
    var diagram = FlowDiagram(context: context, inner: inner, step: frame.currentFlowStep)
    diagram.draw(into: &grid)
    // Text under the diagram.
    var y = diagram.textTop
    guard y < inner.maxY else { return }
    guard let step = frame.currentFlowStep else {
      let intro =
        run.steps.isEmpty ? "this run kept no steps" : "\(run.flow.title): \(run.steps.count) steps; s plays them, e one at a time"
      drawWrapped(
        context.text(intro), style: context.style(.dim), from: &y, inner: inner, context: context, into: &grid)
      return
    }
    let hops = step.hops
    let head = diagram.headHop
    if !hops.isEmpty {
      drawChain(hops, head: head, y: y, inner: inner, context: context, into: &grid)
      y += 1
    }
    let summaryLines = TextWrap.wrap(context.text(step.summary), width: inner.width).count
    if diagram.wide, let hop = head.flatMap({ hops.indices.contains($0) ? hops[$0] : nil }),
      inner.maxY - y >= summaryLines + 1
    {
      var line = LineBuilder()
      line.add(context.text(FlowDiagram.label(hop.from, wide: true)), context.style(of: hop.from))
      line.add(context.text(" → "), context.style(.dim))
      line.add(context.text(FlowDiagram.label(hop.to, wide: true)), context.style(of: hop.to))
      line.add(context.text(": " + hop.label))
      if hop.cycles > 0 {
        line.add(context.text(" (\(NumberFormat.grouped(hop.cycles)) cycles)"), context.style(.changed))
      }
      line.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
      y += 1
    }
    drawWrapped(
      context.text(step.summary), style: context.style(.text), from: &y, inner: inner, context: context, into: &grid)
  }

  /// The step's hop kinds in order, ` › `-separated, the head lit and the hops not reached yet dim.
  func drawChain(_ hops: [Hop], head: Int?, y: Int, inner: Rect, context: PaneContext, into grid: inout CellGrid) {
    let separator = context.symbol(" › ", " > ")
    func build(from first: Int) -> LineBuilder {
      var line = LineBuilder()
      if first > 0 { line.add(context.text("…") + separator, context.style(.dim)) }
      for (i, hop) in hops.enumerated() where i >= first {
        if i > first { line.add(separator, context.style(.dim)) }
        let role: ThemeRole? =
          i == head ? (context.frame.isSettled ? .changed : .current) : (i > (head ?? -1) ? .dim : nil)
        line.add(context.text(FlowDiagram.kindLabel(hop.kind)), role.map(context.style) ?? .plain)
      }
      return line
    }
    var line = build(from: 0)
    var first = 0
    while line.width > inner.width, first < (head ?? 0) {
      first += 1
      line = build(from: first)
    }
    line.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
  }

  func drawWrapped(
    _ text: String, style: Style, from y: inout Int, inner: Rect, context: PaneContext, into grid: inout CellGrid
  ) {
    let lines = TextWrap.wrap(text, width: inner.width)
    let room = inner.maxY - y
    guard room > 0 else { return }
    for (i, line) in lines.prefix(room).enumerated() {
      var text = line
      if i == room - 1 && lines.count > room {
        let ellipsis = context.text("…")
        text =
          String(String.UnicodeScalarView(text.unicodeScalars.prefix(max(0, inner.width - ellipsis.count)))) + ellipsis
      }
      grid.put(text, at: Point(x: inner.x, y: y), style: style, clip: inner)
      y += 1
    }
  }
}
