/// The tutor's keys as the help shows them, from ``KeyTable``.
///
/// Arrows are written `→ ← ↑ ↓`; ``spelled(_:unicode:)`` turns them into words for ASCII terminals.
public enum KeyHelp {
  /// Every key binding of the main screen, in the order the help shows them, grouped.
  public static var entries: [(keys: String, action: String, group: String)] {
    KeyTable.rows.map { (keys: $0.label, action: $0.action, group: $0.group) }
  }

  /// The group names in order of first appearance.
  public static var groups: [String] {
    var seen: [String] = []
    for entry in entries where !seen.contains(entry.group) { seen.append(entry.group) }
    return seen
  }

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
