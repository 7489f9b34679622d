import TermGrid

/// Turns the diff painter's output (``CellGrid/changes(since:)``, the runs a terminal backend paints) into the
/// bytes a terminal would receive: a cursor move and an SGR sequence per run, then its characters. This is what a
/// `.cast` recording carries; what the runs are is decided by the one renderer, ``TutorView``.
public enum AnsiPainter {
  static let escape = "\u{1B}["

  /// Reset, hide the cursor, clear the screen.
  public static let clear = escape + "0m" + escape + "?25l" + escape + "H" + escape + "2J"

  /// The first frame: a clear screen, then every run of `grid`.
  public static func firstFrame(_ grid: CellGrid) -> String { clear + paint(grid.allRuns()) }

  /// The bytes that turn `previous` into `grid` on a terminal (empty when nothing changed).
  public static func frame(_ grid: CellGrid, since previous: CellGrid) -> String {
    paint(grid.changes(since: previous))
  }

  static func paint(_ runs: [StyleRun]) -> String {
    var out = ""
    for run in runs {
      out += escape + "\(run.origin.y + 1);\(run.origin.x + 1)H" + sgr(run.style)
      out.unicodeScalars.append(contentsOf: run.characters)
    }
    return out.isEmpty ? out : out + escape + "0m"
  }

  /// `ESC [ 0 ; attributes ; colours m` for a style (always from a reset, so runs never inherit).
  static func sgr(_ style: Style) -> String {
    var codes = ["0"]
    if style.bold { codes.append("1") }
    if style.dim { codes.append("2") }
    if style.italic { codes.append("3") }
    if style.underline { codes.append("4") }
    if style.reverse { codes.append("7") }
    if let i = style.fg.ansiIndex { codes.append(String(i < 8 ? 30 + i : 90 + i - 8)) }
    if let i = style.bg.ansiIndex { codes.append(String(i < 8 ? 40 + i : 100 + i - 8)) }
    return escape + codes.joined(separator: ";") + "m"
  }
}
