import TermGrid

/// The picture pane of a step that has none: the lesson's reason (`<!-- view: none: … -->`, from
/// ``PaneContext/noPictureReason``), wrapped, so the learner knows the empty space is on purpose and what to look at
/// instead.
public struct NoPicturePane: Pane {
  /// Why the step has no picture, when given here rather than by the context.
  public var reason: String?

  public init(reason: String? = nil) { self.reason = reason }

  public func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let inner = grid.drawBox(area, title: "", style: context.theme.style(.border), glyphs: context.glyphs)
    guard inner.width > 0, inner.height > 0 else { return }
    guard let reason = reason ?? context.noPictureReason else {
      grid.put("(nothing to animate in this step)", at: Point(x: inner.x + 1, y: inner.y), style: context.theme.style(.dim), clip: inner)
      return
    }
    let lines = TextWrap.wrap("No picture here: " + reason, width: max(1, inner.width - 2))
    for (row, line) in lines.prefix(inner.height).enumerated() {
      grid.put(line, at: Point(x: inner.x + 1, y: inner.y + row), style: context.theme.style(.dim), clip: inner)
    }
  }
}
