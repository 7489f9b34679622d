import TermGrid

/// The sandbox's two bottom rows: above, the last error with a `^` under its column (or the completions, a notice,
/// or the keys); below, the prompt with what is being typed.
///
/// ```
///           ^ unknown driver command 'pubish'; did you mean 'publish'?
/// sandbox> driver pubish█
/// ```
public enum SandboxBar {
  static let prompt = "sandbox> "

  /// Draws into the last two rows of `screen`.
  public static func render(_ box: SandboxState, notice: String?, in screen: Rect, into grid: inout CellGrid, theme: Theme, unicode: Bool) {
    guard screen.height >= 2 else { return }
    let info = Rect(x: screen.x, y: screen.maxY - 2, width: screen.width, height: 1)
    let line = Rect(x: screen.x, y: screen.maxY - 1, width: screen.width, height: 1)
    let bar = theme.style(.statusBar)
    grid.fill(info, style: theme.style(.text))
    grid.fill(line, style: bar)
    let cursor = unicode ? "█" : "_"
    let room = max(1, screen.width - prompt.count - 1)
    let shown = box.line.count > room ? String(box.line.suffix(room)) : box.line
    var promptStyle = bar
    promptStyle.bold = true
    let x = grid.put(prompt, at: Point(x: line.x, y: line.y), style: promptStyle, clip: line)
    grid.put(shown + cursor, at: Point(x: line.x + x, y: line.y), style: bar, clip: line)
    if let error = box.error {
      let column = max(0, min(error.column - 1, screen.width - 1))
      let at = prompt.count + column
      let text = at + 2 + error.message.count <= screen.width ? String(repeating: " ", count: at) + "^ " + error.message : "^ " + error.message
      grid.put(text, at: Point(x: info.x, y: info.y), style: theme.style(.error), clip: info)
    } else if !box.candidates.isEmpty {
      grid.put(box.candidates.joined(separator: "  "), at: Point(x: info.x + 1, y: info.y), style: theme.style(.text), clip: info)
    } else if let notice {
      // A notice (a reached goal with its explanation) is wrapped whole over the rows above the prompt, up to a
      // third of the screen, rather than cut at the edge.
      let lines = TextWrap.wrap(notice, width: max(1, screen.width - 2))
      let shown = Array(lines.prefix(max(1, screen.height / 3)))
      for (i, text) in shown.enumerated() {
        let row = Rect(x: screen.x, y: line.y - shown.count + i, width: screen.width, height: 1)
        grid.fill(row, style: theme.style(.text))
        grid.put(" " + text, at: Point(x: row.x, y: row.y), style: theme.style(.strong), clip: row)
      }
    } else {
      let hint = "Tab completes · \(unicode ? "↑↓" : "Up/Down") history · :save FILE · Esc leaves"
      grid.put(" " + hint, at: Point(x: info.x, y: info.y), style: theme.style(.dim), clip: info)
    }
  }
}
