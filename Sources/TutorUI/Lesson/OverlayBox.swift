import TermGrid

/// The frame every overlay shares: a box centred in the screen, filled with the `overlay` role, titled in the
/// `overlayTitle` role, holding lines that the overlay styled over the `overlay` style.
enum OverlayBox {
  typealias Line = LessonSpans.Line

  /// Draws `lines` in a centred box `contentWidth` wide (default: the widest line), one column of padding each
  /// side and one blank row above and below when the screen has room. Clips to `screen` at any size.
  static func render(
    title: String, lines: [Line], contentWidth: Int? = nil, in screen: Rect, into grid: inout CellGrid,
    theme: Theme, capabilities: TerminalCapabilities
  ) {
    let width = contentWidth ?? lines.map(LessonSpans.width).max() ?? 0
    let padded = lines.count + 4 <= screen.height
    let rows = lines.count + (padded ? 2 : 0)
    let box = screen.centered(Size(width: width + 4, height: rows + 2))
    let style = theme.style(.overlay)
    grid.fill(box, style: style)
    grid.drawBox(
      box, title: LessonSpans.shown(title, unicode: capabilities.unicode), style: style,
      titleStyle: LessonSpans.merge(style, theme.style(.overlayTitle)), glyphs: capabilities.boxGlyphs)
    let area = box.inset(top: padded ? 2 : 1, left: 2, bottom: padded ? 2 : 1, right: 2)
    for (row, line) in lines.prefix(area.height).enumerated() {
      let shown = capabilities.unicode ? line : LessonSpans.ascii(line)
      grid.put(shown, at: Point(x: area.x, y: area.y + row), clip: area)
    }
  }

  /// The widest content a screen allows for an overlay that would like `preferred` columns.
  static func contentWidth(preferred: Int, screen: Rect) -> Int {
    max(1, min(preferred, screen.width - 8))
  }
}
