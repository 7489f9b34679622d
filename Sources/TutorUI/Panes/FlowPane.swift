import TermGrid
import VirtioCore
import VirtioFlows

/// The flow diagram: the boxes the run uses, guest on the left (application, driver, vCPU, guest memory) and host
/// on the right (QEMU's iothread when the run has one, its main loop and its vCPU thread, KVM, host kernel,
/// interrupt controller, IOMMU, physical NIC), with the current flow step's hops drawn as arrows through the gap
/// between them, so every arrow that crosses the gap crosses the guest/host boundary.
///
/// Each hop's arrow grows over ``VisualFrame/phasesPerHop`` frames, bright and labelled with its kind; the hops
/// before it stay as dim arrows with their order number, so the settled frame sums up the step's path. The acting
/// box is shown in reverse, the other boxes the step touches bold, the rest dim. Under the diagram: the step's hops
/// as a numbered chain (the one being drawn lit), the vCPU's timeline (``VCPUTimeline``: guest, KVM, QEMU; heavy
/// and light exits), the current hop in words and the step's one-sentence summary, each whole when there is room for
/// it (never cut: the event log's caption has the summary whole).
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
    let step = frame.currentFlowStep
    let timeline = VCPUTimeline(run: run, cursor: frame.flowCursor, head: nil)
    let timelineRows = timeline.isEmpty ? 0 : VCPUTimeline.height
    var diagram = FlowDiagram(
      context: context, inner: inner, run: run, step: step, reserve: 1 + timelineRows + 2)
    diagram.draw(into: &grid)
    // Text under the diagram.
    var y = diagram.textTop
    guard y < inner.maxY else { return }
    guard let step else {
      let intro =
        run.steps.isEmpty
        ? "this run kept no steps" : "\(run.flow.title): \(run.steps.count) steps; s plays them, e one hop at a time"
      drawWrapped(
        context.text(intro), style: context.style(.dim), from: &y, inner: inner, context: context, into: &grid)
      return
    }
    let hops = step.hops
    let head = diagram.headHop
    if !hops.isEmpty {
      let first = run.steps.prefix(max(0, frame.flowCursor - 1)).reduce(0) { $0 + $1.hops.count } + 1
      drawChain(hops, first: first, head: head, y: y, inner: inner, context: context, into: &grid)
      y += 1
    }
    let summaryLines = TextWrap.wrap(context.text(step.summary), width: inner.width).count
    if timelineRows > 0 {
      let drawn = VCPUTimeline(run: run, cursor: frame.flowCursor, head: head)
      if inner.maxY - y >= timelineRows + min(summaryLines, 2) {
        drawn.draw(in: Rect(x: inner.x, y: y, width: inner.width, height: timelineRows), context: context, into: &grid)
        y += timelineRows
      } else if inner.maxY - y >= 1 {
        // Short of rows the strip goes before the summary: the event log's caption has the summary whole.
        let rows = min(VCPUTimeline.compactHeight, inner.maxY - y)
        drawn.drawCompact(in: Rect(x: inner.x, y: y, width: inner.width, height: rows), context: context, into: &grid)
        y += rows
      }
    }
    if diagram.wide, let hop = head.flatMap({ hops.indices.contains($0) ? hops[$0] : nil }) {
      // The hop in words, wrapped, when it fits whole with the summary (else the arrow and the chain name it).
      let lines = TextWrap.wrap(hopSpans(hop, context: context), width: inner.width)
      if inner.maxY - y >= summaryLines + lines.count {
        for line in lines {
          grid.put(line, at: Point(x: inner.x, y: y), clip: inner)
          y += 1
        }
      }
    }
    // The summary whole, or not at all: the event log's caption (or the band) has it whole too.
    if inner.maxY - y >= summaryLines {
      drawWrapped(
        context.text(step.summary), style: context.style(.text), from: &y, inner: inner, context: context, into: &grid)
    }
  }

  /// The hop in words: `KVM (hypervisor) → vCPU: VM entry: the guest resumes (1,000 cycles)`.
  func hopSpans(_ hop: Hop, context: PaneContext) -> [StyledSpan] {
    let from = FlowNode.from(hop)
    let to = FlowNode.to(hop)
    var spans = [
      StyledSpan(context.text(from.label(wide: true)), style: context.style(of: from.component)),
      StyledSpan(context.text(" → "), style: context.style(.dim)),
      StyledSpan(context.text(to.label(wide: true)), style: context.style(of: to.component)),
      StyledSpan(context.text(": " + hop.label)),
    ]
    if hop.cycles > 0 {
      spans.append(StyledSpan(context.text(" (\(NumberFormat.grouped(hop.cycles)) cycles)"), style: context.style(.changed)))
    }
    return spans
  }

  /// The step's hops in order, numbered as on the arrows (`1 kick › 2 VM exit`), the head lit and the hops not
  /// reached yet dim.
  func drawChain(
    _ hops: [Hop], first number: Int, head: Int?, y: Int, inner: Rect, context: PaneContext, into grid: inout CellGrid
  ) {
    let separator = context.symbol(" › ", " > ")
    func build(from first: Int) -> LineBuilder {
      var line = LineBuilder()
      if first > 0 { line.add(context.text("…") + separator, context.style(.dim)) }
      for (i, hop) in hops.enumerated() where i >= first {
        if i > first { line.add(separator, context.style(.dim)) }
        let role: ThemeRole? =
          i == head ? (context.frame.isSettled ? .changed : .current) : (i > (head ?? -1) ? .dim : nil)
        line.add(context.text("\(number + i) " + FlowDiagram.kindLabel(hop.kind)), role.map(context.style) ?? .plain)
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
