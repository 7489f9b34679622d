import TermGrid

/// Maps keys to intents, following the peers (presenterm, slides, patat) and presentation clickers: clickers send
/// PgUp/PgDn, alternate F5 and Esc on their "start/stop" button, and `.` for "blank", so Esc and F5 never quit.
public enum KeyMap {
  /// The intent of `key` on the main screen (no overlay open).
  public static func intent(for key: Key) -> TutorIntent {
    switch key {
    case .right, .pageDown, .enter, .character(" "), .character("l"), .character("n"): return .nextStep
    case .left, .pageUp, .backspace, .character("h"), .character("p"): return .previousStep
    case .home, .character("g"): return .firstStep
    case .end, .character("G"): return .lastStep
    case .character(let c) where c.isASCII && c.isNumber: return .goToDigit(Int(String(c)) ?? 0)
    case .character(":"): return .goToPrompt
    case .character("s"): return .togglePlay
    case .character("e"), .character("]"): return .stepEvent
    case .character("E"), .character("["): return .stepEventBack
    case .character("+"), .character("="), .character(">"): return .faster
    case .character("-"), .character("<"): return .slower
    case .character("r"): return .replay
    case .up, .character("k"): return .scrollUp
    case .down, .character("j"): return .scrollDown
    case .character("i"), .tab: return .openLessonIndex
    case .character("?"): return .openHelp
    case .character("a"): return .openExercise
    case .character("x"): return .redoExercise
    case .character("v"): return .openReview
    case .character("c"): return .openSandbox
    case .character("b"), .character("."): return .toggleBlank
    case .escape: return .closeOverlay
    case .character("q"), .ctrl("c"): return .quit
    default: return .none  // F5 and everything else: nothing
    }
  }

  /// What a presentation clicker's key means whatever is open (an overlay, the go-to prompt): the clicker must
  /// work in every state, so these keys never reach an answer field or a prompt. PgDn/PgUp close what is open and
  /// move a step (PgDn also un-blanks), Esc closes, F5 does nothing, `.` blanks. `b` is a clicker key too, but a
  /// free-text answer may need the letter (`0xb0`), so the exercise box treats `b` as blank only while its field
  /// is empty (see `docs/DECISIONS.md`). `nil` for every other key.
  public static func clickerIntent(for key: Key) -> TutorIntent? {
    switch key {
    case .pageDown: return .nextStep
    case .pageUp: return .previousStep
    case .escape: return .closeOverlay
    case .function(5): return TutorIntent.none
    case .character("."), .character("b"): return .toggleBlank
    default: return nil
    }
  }
}
