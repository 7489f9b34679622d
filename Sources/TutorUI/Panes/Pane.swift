import TermGrid

/// Everything drawn in a box of the main screen from the animation frame: the pictures of the right pane (chosen
/// by the step's `view` through ``PictureRegistry``), the counters and the event log. A pane is a value; `render`
/// stays inside `area` and reads only `context` (the frame, the theme, the terminal's glyphs, its focus).
public protocol Pane: Sendable {
  /// Draws the pane, its box included, into `area`.
  func render(in area: Rect, into grid: inout CellGrid, context: PaneContext)
}
