import TermGrid
import VirtioCore
import VirtioFlows

/// The current event's caption (``EventCaption``: the whole sentence, wrapped, never cut; an error with the
/// implementations that report it) above the step's trace entries up to the cursor (or, for a flow, its steps up
/// to the flow cursor), newest at the bottom, the current one highlighted with ``ThemeRole/current``. Each entry is
/// `role kind detail` on one line; the role is a word (`drv`, `dev`; for flows the acting component) in the
/// party's style, so it does not depend on colour. A problem running the step's scripts is the last line.
public struct EventLogPane: Pane {
  /// What the log lists.
  public enum Source: Sendable, Equatable {
    /// The flow's steps when the frame has a flow with steps, else the trace entries.
    case automatic
    /// The engine's trace entries.
    case trace
    /// The flow's steps.
    case flow
  }

  public var source: Source
  /// How many entries the log is scrolled back from the newest (the learner's ↑ with the log focused).
  public var scroll: Int
  /// Whether the log draws the current caption above its entries (off when the screen's ``CaptionBand`` has it).
  public var showsCaption: Bool

  public init(source: Source = .automatic, scroll: Int = 0, showsCaption: Bool = true) {
    self.source = source
    self.scroll = scroll
    self.showsCaption = showsCaption
  }

  struct Entry {
    var role: String
    var roleStyle: Style
    var kind: String
    var kindStyle: Style
    var detail: String
  }

  /// Whether the log lists the flow's steps for `frame`.
  func showsFlow(_ frame: VisualFrame) -> Bool {
    switch source {
    case .automatic: return !(frame.flow?.steps.isEmpty ?? true)
    case .trace: return false
    case .flow: return true
    }
  }

  /// The rows (border included) the pane needs to show the current caption whole plus one entry, at `width`.
  public func rowsNeeded(width: Int, context: PaneContext) -> Int {
    guard let caption = EventCaption.current(context.frame, flow: showsFlow(context.frame)) else { return 0 }
    return TextWrap.wrap(context.text(caption.text), width: max(1, width - 2)).count + 3
  }

  /// Draws the pane (its box included) into `area`.
  public func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let area = area.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    let frame = context.frame
    let showFlow = showsFlow(frame)
    let total = showFlow ? frame.flow?.steps.count ?? 0 : frame.events.count
    let cursor = min(max(showFlow ? frame.flowCursor : frame.cursor, 0), total)
    let back = min(max(scroll, 0), max(0, cursor - 1))
    let title =
      (showFlow ? "flow steps" : "events") + (total > 0 ? " \(cursor)/\(total)" : "")
      + (back > 0 ? context.text(" ↑\(back)") : "")
    let inner = context.drawBox(area, title: title, into: &grid)
    guard !inner.isEmpty else { return }

    var problemLines: [String] = []
    if let problem = frame.problem {
      problemLines = TextWrap.wrap(context.text("! " + problem), width: inner.width)
      problemLines = Array(problemLines.prefix(max(1, inner.height / 2)))
    }
    // The caption takes the lines it needs, keeping one entry row when it can; the tutor's layout gives the log the
    // rows for it (``TutorLayout/growingLog(by:)``), so only a box drawn smaller than that cuts it.
    var captionLines: [String] = []
    var captionStyle = context.style(.strong)
    if showsCaption, let caption = EventCaption.current(frame, flow: showFlow) {
      let room = max(0, inner.height - problemLines.count)
      var lines = TextWrap.wrap(context.text(caption.text), width: inner.width)
      let keep = lines.count < room ? lines.count : room
      if lines.count > keep, keep > 0 {
        lines = Array(lines.prefix(keep))
        lines[keep - 1] = String(String.UnicodeScalarView(lines[keep - 1].unicodeScalars.prefix(max(0, inner.width - 1)))) + context.text("…")
      }
      captionLines = Array(lines.prefix(keep))
      if caption.isError { captionStyle = context.style(.error) }
    }
    for (i, line) in captionLines.enumerated() {
      grid.put(line, at: Point(x: inner.x, y: inner.y + i), style: captionStyle, clip: inner)
    }
    let rows = max(0, inner.height - problemLines.count - captionLines.count)
    let last = cursor - back
    let first = max(0, last - rows)
    var entries: [Entry] = []
    if showFlow, let steps = frame.flow?.steps {
      for step in steps[first..<last] { entries.append(entry(step, context: context)) }
    } else {
      for event in frame.events[first..<last] { entries.append(entry(event, context: context)) }
    }
    var y = inner.y + captionLines.count
    if entries.isEmpty && rows > 0 && frame.heldCaption == nil {
      let hint =
        total == 0 ? (showFlow ? "no flow steps" : "no events in this step") : "nothing yet: s plays the step, e one event"
      grid.put(context.text(hint), at: inner.origin, style: context.style(.dim), clip: inner)
      y += 1
    }
    let kindWidth = inner.width >= 56 ? entries.map { $0.kind.count }.max() ?? 0 : 0
    for (n, item) in entries.enumerated() where rows > 0 {
      let isCurrent = n == entries.count - 1 && back == 0
      var line = LineBuilder()
      let current = context.style(.current)
      line.add(item.role + " ", isCurrent ? current : item.roleStyle)
      if !item.kind.isEmpty {
        line.add(PaneFormat.left(item.kind, kindWidth) + " ", isCurrent ? current : item.kindStyle)
      }
      line.add(item.detail, isCurrent ? current : .plain)
      if isCurrent { grid.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: current) }
      line.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
      y += 1
    }
    y = max(y, inner.maxY - problemLines.count)
    for line in problemLines where y < inner.maxY {
      grid.put(line, at: Point(x: inner.x, y: y), style: context.style(.error), clip: inner)
      y += 1
    }
  }

  func entry(_ event: TraceEntry, context: PaneContext) -> Entry {
    let kindStyle: Style
    switch event.kind {
    case .error: kindStyle = context.style(.error)
    case .kickSuppressed, .interruptSuppressed: kindStyle = context.style(.suppressed)
    case .kick, .interrupt, .availPublished, .usedPushed, .chainAdded, .chainPopped, .reclaimed, .poke:
      kindStyle = context.style(.strong)
    default: kindStyle = context.style(.dim)
    }
    return Entry(
      role: event.role == .driver ? "drv" : "dev", roleStyle: context.style(PaneContext.role(of: event.role)),
      kind: event.kind.rawValue, kindStyle: kindStyle, detail: context.text(event.detail))
  }

  func entry(_ step: FlowStep, context: PaneContext) -> Entry {
    Entry(
      role: PaneFormat.left(context.text(FlowNode.component(step.actor).label(wide: false)), 7),
      roleStyle: context.style(of: step.actor), kind: "", kindStyle: .plain, detail: context.text(step.summary))
  }
}
