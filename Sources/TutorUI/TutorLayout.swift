import TermGrid

/// Where each part of the tutor's screen goes at a given terminal size. Pure, so the lesson checker can ask
/// "does this step fit at 80×24" with exactly the layout the terminal shows.
///
/// ```
/// ┌ title bar ───────────────────────────────────────────────┐
/// │ lesson pane            │ visualisation pane              │
/// │ (step prose, scrolls)  │ (ring / flow / compare / memory) │
/// │                        ├ counters ───────────────────────┤
/// │                        ├ event log: caption, entries ────┤
/// └ status line ─────────────────────────────────────────────┘
/// ```
public struct TutorLayout: Equatable, Sendable {
  /// The smallest supported screen.
  public static let minimum = Size(width: 80, height: 24)
  /// Rows of the counters box (border included).
  public static let countersHeight = 4
  /// Rows the event log adds for the current event's caption (wrapped over up to three lines, never cut; a longer one
  /// takes the counters' rows for that event).
  public static let captionHeight = 2

  public var size: Size
  public var titleBar: Rect
  public var statusBar: Rect
  /// The lesson pane's box (border included).
  public var lessonPane: Rect
  /// The visualisation pane's box (border included).
  public var visualPane: Rect
  public var countersPane: Rect
  public var eventLogPane: Rect

  /// Whether the screen is big enough; below the minimum the tutor shows a "too small" screen.
  public var fits: Bool { size.width >= Self.minimum.width && size.height >= Self.minimum.height }

  /// The lesson text area inside the lesson pane's border and one column of padding on each side.
  public var lessonText: Rect { lessonPane.inset(horizontal: 2, vertical: 1) }

  /// Lays out a screen of `size`.
  public init(size: Size) {
    self.size = size
    let screen = Rect(size: size)
    titleBar = screen.top(1)
    statusBar = size.height > 1 ? screen.bottom(1) : Rect(x: 0, y: 0, width: 0, height: 0)
    let body = Rect(x: 0, y: 1, width: size.width, height: max(0, size.height - 2))
    let lessonWidth = min(max(42, size.width * 45 / 100), 100, body.width)
    lessonPane = body.left(lessonWidth)
    let right = Rect(x: body.x + lessonWidth, y: body.y, width: max(0, body.width - lessonWidth), height: body.height)
    let logHeight = max(5, right.height / 4) + Self.captionHeight
    let visualHeight = max(0, right.height - Self.countersHeight - logHeight)
    visualPane = right.top(visualHeight)
    countersPane = Rect(x: right.x, y: right.y + visualHeight, width: right.width, height: min(Self.countersHeight, max(0, right.height - visualHeight)))
    eventLogPane = Rect(x: right.x, y: countersPane.maxY, width: right.width, height: max(0, right.maxY - countersPane.maxY))
  }
}
