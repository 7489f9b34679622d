import TermGrid
import VirtioCore
import VirtioFlows

/// The current event's caption (``EventCaption``: the whole sentence, wrapped, never cut; an error with the
/// implementations that report it) above the step's trace entries up to the cursor (or, for a flow, its steps up
/// to the flow cursor), newest at the bottom, the current one highlighted with ``ThemeRole/current``. Each entry is
/// `role kind detail`, whole: wrapped over as many lines as it needs under a hanging indent, never cut with `…`;
/// the entries that do not fit are above, counted on the spare row over the others (`↑ 12 earlier`; the focused
/// log scrolls to them). The role is a word (`drv`, `dev`; for flows the acting component) in the party's style, so
/// it does not depend on colour. A problem running the step's scripts is the last line.
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

  /// The rows (border included) the pane needs to show the entry at its bottom (the one it is scrolled back to, else
  /// the current one) whole under the caption, when it has the caption, and a problem.
  public func rowsNeededForEntry(width: Int, context: PaneContext) -> Int {
    let frame = context.frame
    let flow = showsFlow(frame)
    let total = flow ? frame.flow?.steps.count ?? 0 : frame.events.count
    let cursor = min(max(flow ? frame.flowCursor : frame.cursor, 0), total)
    let back = min(max(scroll, 0), max(0, cursor - 1))
    guard cursor - back > 0 else { return 0 }
    let inner = max(1, width - 2)
    let last = cursor - back - 1
    let item = flow ? entry(frame.flow!.steps[last], context: context) : entry(frame.events[last], context: context)
    let kindWidth = inner >= 56 ? item.kind.count : 0
    var rows = lines(item, kindWidth: kindWidth, width: inner, isCurrent: back == 0, context: context).count + 2
    if showsCaption, let caption = EventCaption.current(frame, flow: flow) {
      rows += TextWrap.wrap(context.text(caption.text), width: inner).count
    }
    if let problem = frame.problem { rows += TextWrap.wrap(context.text("! " + problem), width: inner).count }
    return rows
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
    var y = inner.y + captionLines.count
    if last == 0 && rows > 0 && frame.heldCaption == nil {
      let hint =
        total == 0 ? (showFlow ? "no flow steps" : "no events in this step") : "nothing yet: s plays the step, e one event"
      grid.put(context.text(hint), at: inner.origin, style: context.style(.dim), clip: inner)
      y += 1
    }
    let current = context.style(.current)
    let (lines, earlier) = entryLines(frame, flow: showFlow, last: last, rows: rows, width: inner.width, scrolled: back > 0, context: context)
    if earlier > 0, lines.count < rows {
      // Newest at the bottom, as in a scrolled terminal, with what is above on the row over the entries.
      y += rows - lines.count - 1
      grid.put(context.text("↑ \(earlier) earlier"), at: Point(x: inner.x, y: y), style: context.style(.dim), clip: inner)
      y += 1
    }
    for line in lines {
      if line.isCurrent { grid.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: current) }
      grid.put(line.spans, at: Point(x: inner.x, y: y), clip: Rect(x: inner.x, y: y, width: inner.width, height: 1))
      y += 1
    }
    y = max(y, inner.maxY - problemLines.count)
    for line in problemLines where y < inner.maxY {
      grid.put(line, at: Point(x: inner.x, y: y), style: context.style(.error), clip: inner)
      y += 1
    }
  }

  /// One row of the log: an entry's line, and whether the entry is the current one (highlighted).
  struct EntryLine {
    var spans: [StyledSpan]
    var isCurrent: Bool
  }

  /// The rows of the entries before `last` (newest at the bottom) in `rows` rows of `width` cells, and how many
  /// entries are above them: each entry whole, wrapped under a hanging indent
  /// (``lines(_:kindWidth:width:isCurrent:context:)``), never cut with `…` and never shown in part, as many as fit.
  /// Only an entry taller than the whole box is shown in part, from its first line and cut with `…`: the current
  /// one is whole in the caption (at 80×24 the band under the panes has it), and a focused log grows until the entry
  /// it is scrolled to is whole (``rowsNeededForEntry(width:context:)``).
  func entryLines(
    _ frame: VisualFrame, flow: Bool, last: Int, rows: Int, width: Int, scrolled: Bool, context: PaneContext
  ) -> (lines: [EntryLine], earlier: Int) {
    guard rows > 0, last > 0 else { return ([], 0) }
    let first = max(0, last - rows)  // each entry takes at least one row
    func item(_ i: Int) -> Entry {
      if flow, let steps = frame.flow?.steps { return entry(steps[i], context: context) }
      return entry(frame.events[i], context: context)
    }
    let window = (first..<last).map(item)
    let kindWidth = width >= 56 ? window.map { $0.kind.count }.max() ?? 0 : 0
    var out: [EntryLine] = []
    var shown = 0
    for (n, item) in window.enumerated().reversed() {
      let isCurrent = n == window.count - 1 && !scrolled
      let lines = lines(item, kindWidth: kindWidth, width: width, isCurrent: isCurrent, context: context)
      if out.isEmpty && lines.count > rows {
        var shown = Array(lines.prefix(rows))
        shown[rows - 1] = Self.cut(shown[rows - 1], width: width, ellipsis: context.text("…"))
        return (shown, last - 1)
      }
      guard out.count + lines.count <= rows else { break }
      out = lines + out
      shown += 1
    }
    return (out, last - shown)
  }

  /// `line` ending in `ellipsis` within `width` cells (the last line shown of an entry taller than the box).
  static func cut(_ line: EntryLine, width: Int, ellipsis: String) -> EntryLine {
    var spans = line.spans
    let mark = ellipsis.unicodeScalars.count
    var total = spans.reduce(0) { $0 + $1.text.unicodeScalars.count }
    while total + mark > width, var last = spans.popLast() {
      let drop = min(last.text.unicodeScalars.count, total + mark - width)
      last.text = String(String.UnicodeScalarView(last.text.unicodeScalars.dropLast(drop)))
      total -= drop
      if !last.text.isEmpty { spans.append(last) }
    }
    spans.append(StyledSpan(ellipsis, style: line.spans.last?.style ?? .plain))
    return EntryLine(spans: spans, isCurrent: line.isCurrent)
  }

  /// An entry's lines at `width`: `role kind detail`, the kind and detail wrapped under the column after the role
  /// (after the kind column when `kindWidth` aligns the kinds), so a continuation never starts under the role; in a
  /// box too narrow for that indent, the whole entry wraps from the left edge.
  func lines(_ item: Entry, kindWidth: Int, width: Int, isCurrent: Bool, context: PaneContext) -> [EntryLine] {
    func styled(_ style: Style) -> Style { isCurrent ? context.style(.current) : style }
    var head = [StyledSpan(item.role + " ", style: styled(item.roleStyle))]
    var body: [StyledSpan] = []
    if !item.kind.isEmpty, kindWidth > 0 {
      head.append(StyledSpan(PaneFormat.left(item.kind, kindWidth) + " ", style: styled(item.kindStyle)))
    } else if !item.kind.isEmpty {
      body.append(StyledSpan(item.kind + " ", style: styled(item.kindStyle)))
    }
    body.append(StyledSpan(item.detail, style: styled(.plain)))
    let indent = head.reduce(0) { $0 + $1.text.unicodeScalars.count }
    guard indent + 8 <= width else {
      return TextWrap.wrap(head + body, width: max(1, width)).map { EntryLine(spans: $0, isCurrent: isCurrent) }
    }
    let wrapped = TextWrap.wrap(body, width: width - indent)
    let pad = [StyledSpan(String(repeating: " ", count: indent), style: styled(.plain))]
    return (wrapped.isEmpty ? [[]] : wrapped).enumerated().map { i, spans in
      EntryLine(spans: (i == 0 ? head : pad) + spans, isCurrent: isCurrent)
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
