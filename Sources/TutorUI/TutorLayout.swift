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
///
/// Where the right column is narrow (80×24: 36 columns inside the log) a step whose text leaves the rows for it
/// gets a caption band across the whole screen under both panes (``captionBand``), and the event log keeps only
/// entries; elsewhere the caption is the log's first lines.
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
  /// The caption band across the screen above the status line (empty when the event log holds the caption).
  public var captionBand: Rect

  /// The right column's width below which the caption goes in a band across the screen when the step leaves room.
  public static let captionBandBelowWidth = 60
  /// The most rows a caption band takes: at 78 columns the shipped lessons' captions need 1 to 3 rows but for five
  /// error captions (4), which the event log then holds whole; with 3 rows the visualisation pane keeps its 11 rows
  /// at 80×24.
  public static let captionBandLimit = 3

  /// Whether the screen is big enough; below the minimum the tutor shows a "too small" screen.
  public var fits: Bool { size.width >= Self.minimum.width && size.height >= Self.minimum.height }

  /// The lesson text area inside the lesson pane's border and one column of padding on each side.
  public var lessonText: Rect { lessonPane.inset(horizontal: 2, vertical: 1) }

  /// Whether the screen gives the caption a band across it (``captionBand``) when the step leaves the rows: the event
  /// log is narrower than ``captionBandBelowWidth``.
  public var wantsCaptionBand: Bool { fits && eventLogPane.width < Self.captionBandBelowWidth }

  /// Lays out a screen of `size`, with a caption band of `captionRows` rows across it (0: the log has the caption).
  public init(size: Size, captionRows: Int = 0) {
    self.size = size
    let screen = Rect(size: size)
    titleBar = screen.top(1)
    statusBar = size.height > 1 ? screen.bottom(1) : Rect(x: 0, y: 0, width: 0, height: 0)
    let band = max(0, min(captionRows, Self.captionBandLimit, size.height - 2 - 12))
    let body = Rect(x: 0, y: 1, width: size.width, height: max(0, size.height - 2 - band))
    captionBand = Rect(x: 0, y: body.maxY, width: band > 0 ? size.width : 0, height: band)
    let lessonWidth = min(max(42, size.width * 45 / 100), 100, body.width)
    lessonPane = body.left(lessonWidth)
    let right = Rect(x: body.x + lessonWidth, y: body.y, width: max(0, body.width - lessonWidth), height: body.height)
    let logHeight = band > 0 ? max(4, right.height / 4) : max(5, right.height / 4) + Self.captionHeight
    let visualHeight = max(0, right.height - Self.countersHeight - logHeight)
    visualPane = right.top(visualHeight)
    countersPane = Rect(x: right.x, y: right.y + visualHeight, width: right.width, height: min(Self.countersHeight, max(0, right.height - visualHeight)))
    eventLogPane = Rect(x: right.x, y: countersPane.maxY, width: right.width, height: max(0, right.maxY - countersPane.maxY))
  }
}

extension TutorLayout {
  /// This layout with the event log taller by up to `rows` rows, taken from the bottom of the visualisation pane
  /// (which keeps at least 3): the counters move up with the log's top, so a caption the log must hold whole
  /// never takes the counters' rows.
  public func growingLog(by rows: Int) -> TutorLayout {
    let k = max(0, min(rows, visualPane.height - 3))
    guard k > 0 else { return self }
    var layout = self
    let (v, c, l) = (visualPane, countersPane, eventLogPane)
    layout.visualPane = Rect(x: v.x, y: v.y, width: v.width, height: v.height - k)
    layout.countersPane = Rect(x: c.x, y: c.y - k, width: c.width, height: c.height)
    layout.eventLogPane = Rect(x: l.x, y: l.y - k, width: l.width, height: l.height + k)
    return layout
  }
}
