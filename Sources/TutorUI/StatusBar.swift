import TermGrid

/// The bottom line: lesson n/m, step k/n, play state and speed, the animation position, and the main keys (or a
/// notice when there is one).
public enum StatusBar {
  /// The key hints from ``KeyTable``, most important first so they can be dropped from the right when the line is
  /// narrow.
  static var hints: [String] { KeyTable.statusHints }

  /// Draws the status line into `area` (one row).
  public static func render(in area: Rect, into grid: inout CellGrid, state: TutorState) {
    let style = state.theme.style(.statusBar)
    grid.fill(area, style: style)
    let play = state.capabilities.unicode ? (state.play.isPlaying ? "▶" : "⏸") : (state.play.isPlaying ? ">" : "||")
    var left = " L\(state.lessonIndex + 1)/\(max(1, state.lessons.count)) S\(state.stepIndex + 1)/\(max(1, state.lesson.steps.count))"
    left += " \(play) \(state.play.isPlaying ? "playing" : "paused") \(state.play.speedLabel)"
    if state.animationLength > 0 { left += " \(min(state.cursor, state.animationLength))/\(state.animationLength)" }
    var x = area.x + grid.put(left, at: Point(x: area.x, y: area.y), style: style, clip: area)
    x += 2
    if let notice = state.goTo.map({ "go to step: \($0)_ (Enter goes, Esc cancels)" }) ?? state.notice {
      var s = style
      s.bold = true
      grid.put(notice, at: Point(x: x, y: area.y), style: s, clip: area)
      return
    }
    var keyStyle = style
    keyStyle.bold = true
    for hint in hints {
      guard x + hint.count <= area.maxX else { break }
      x += grid.put(hint, at: Point(x: x, y: area.y), style: keyStyle, clip: area) + 2
    }
  }
}
