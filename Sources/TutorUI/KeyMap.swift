import TermGrid

/// Maps keys to intents by ``KeyTable``, following the peers (presenterm, slides, patat) and presentation clickers:
/// clickers send PgUp/PgDn, alternate F5 and Esc on their "start/stop" button, and `.` for "blank", so Esc and F5
/// never quit.
public enum KeyMap {
  /// The intent of `key` on the main screen (no overlay open); `.none` for a key the table does not bind (F5).
  public static func intent(for key: Key) -> TutorIntent {
    KeyTable.intents[key] ?? .none
  }

  /// What a presentation clicker's key means whatever is open (an overlay, the go-to prompt): the clicker must
  /// work in every state, so these keys never reach an answer field or a prompt. PgDn/PgUp close what is open and
  /// move a step (PgDn also un-blanks), Esc closes, F5 does nothing, `.` blanks. `b` is a clicker key too, but a
  /// free-text answer may need the letter (`0xb0`), so the exercise box treats `b` as blank only while its field
  /// is empty (see `docs/DECISIONS.md`). `nil` for every other key.
  public static func clickerIntent(for key: Key) -> TutorIntent? {
    KeyTable.clickerIntents[key]
  }
}
