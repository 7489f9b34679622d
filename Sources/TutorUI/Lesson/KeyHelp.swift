/// The tutor's keys as data, so the help overlay, the status line and the reducer's documentation agree.
///
/// Keys follow the peers and presentation clickers (`../shared/reference/tui-peers.md` §4.1): clickers send
/// PgUp/PgDn, Esc or F5 on "start/stop" and `.` for "blank", so Esc only closes overlays and F5 does nothing.
/// Arrows are written `→ ← ↑ ↓`; ``spelled(_:unicode:)`` turns them into words for ASCII terminals.
public enum KeyHelp {
  /// Every key binding of the main screen, in the order the help shows them, grouped.
  public static let entries: [(keys: String, action: String, group: String)] = [
    ("→ l Space PgDn n Enter", "next step", "Steps"),
    ("← h PgUp p Backspace", "previous step", "Steps"),
    ("g Home  G End", "first / last step", "Steps"),
    ("0-9 :", "go to step: digits, Enter", "Steps"),
    ("i Tab", "lesson index", "Lessons"),
    ("s", "play / pause", "Animation"),
    ("e ]  E [", "next / previous event", "Animation"),
    ("+ -", "faster / slower", "Animation"),
    ("r", "replay the step", "Animation"),
    ("↑ ↓ j k", "scroll the lesson text", "Text"),
    ("a", "answer the exercise", "Exercise"),
    ("x  v", "redo it / review the lesson's", "Exercise"),
    ("c", "sandbox: type commands, watch", "Exercise"),
    ("b .  ?", "blank the screen / this help", "Screen"),
    ("Esc", "close an overlay (never quits)", "Screen"),
    ("q Ctrl-C", "quit", "Screen"),
  ]

  /// The group names in order of first appearance.
  public static var groups: [String] {
    var seen: [String] = []
    for entry in entries where !seen.contains(entry.group) { seen.append(entry.group) }
    return seen
  }

  /// The few keys a status line shows: `→ next  ← prev  s play  ? help  q quit`.
  public static let statusEntries: [(keys: String, action: String)] = [
    ("→", "next"), ("←", "prev"), ("s", "play"), ("?", "help"), ("q", "quit"),
  ]

  /// `keys` as an ASCII terminal shows them: arrows spelled `Right Left Up Down`; unchanged with unicode.
  public static func spelled(_ keys: String, unicode: Bool) -> String {
    guard !unicode else { return keys }
    var out = ""
    for character in keys {
      switch character {
      case "→": out += "Right"
      case "←": out += "Left"
      case "↑": out += "Up"
      case "↓": out += "Down"
      default: out.append(character)
      }
    }
    return out
  }
}
