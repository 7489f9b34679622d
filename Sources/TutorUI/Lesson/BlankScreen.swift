import TermGrid

/// The blanked screen (`b` or `.`, a clicker's "blank" button): nothing at all, so the room looks at the
/// teacher; optionally a dim `b to return` in the bottom-right corner (one column in from the edge: curses cannot
/// write the screen's last cell without scrolling, so a terminal would lose the final letter).
public enum BlankScreen {
  /// Clears `area` (default colours, no attributes).
  public static func render(in area: Rect, into grid: inout CellGrid, theme: Theme, hint: Bool = false) {
    grid.fill(area, style: .plain)
    guard hint else { return }
    let text = "b to return"
    guard area.width > text.count, area.height >= 1 else { return }
    grid.put(
      text, at: Point(x: area.maxX - text.count - 1, y: area.maxY - 1), style: theme.style(.dim), clip: area)
  }
}
