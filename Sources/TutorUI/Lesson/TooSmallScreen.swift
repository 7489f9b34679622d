import TermGrid

/// What the tutor shows below the minimum size: "too small: need 80×24, have W×H", centred, with a hint
/// underneath when there is room. Works down to 1×1 (it wraps, then clips).
public enum TooSmallScreen {
  /// The message for a screen of `have` when `need` is the minimum.
  public static func message(need: Size = TutorLayout.minimum, have: Size, unicode: Bool = true) -> String {
    let times = unicode ? "×" : "x"
    return "too small: need \(need.width)\(times)\(need.height), have \(have.width)\(times)\(have.height)"
  }

  /// Clears `area` and draws the message centred in it; `have` is `area`'s size.
  public static func render(
    in area: Rect, into grid: inout CellGrid, need: Size = TutorLayout.minimum, theme: Theme,
    capabilities: TerminalCapabilities
  ) {
    let text = theme.style(.text)
    grid.fill(area, style: text)
    guard !area.isEmpty else { return }
    let unicode = capabilities.unicode
    let style = LessonSpans.merge(text, theme.style(.warning))
    var lines = LessonSpans.wrap(
      [StyledSpan(message(need: need, have: area.size, unicode: unicode), style: style)], width: area.width)
    let hint = LessonSpans.wrap(
      [StyledSpan("enlarge the terminal or zoom out; q quits", style: LessonSpans.merge(text, theme.style(.dim)))],
      width: area.width)
    if lines.count + 1 + hint.count <= area.height { lines += [[]] + hint }
    let top = area.y + max(0, (area.height - lines.count) / 2)
    for (row, line) in lines.prefix(area.height).enumerated() {
      let x = area.x + max(0, (area.width - LessonSpans.width(line)) / 2)
      grid.put(unicode ? line : LessonSpans.ascii(line), at: Point(x: x, y: top + row), clip: area)
    }
  }
}
