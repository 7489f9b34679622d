import TermGrid

/// Go to step N: digits (or `:` then digits) collect in ``TutorState/goTo`` and Enter goes there.
extension TutorState {
  /// The longest step number the prompt takes.
  static let goToDigits = 4

  mutating func handleGoToKey(_ key: Key) -> [TutorEffect] {
    let typed = goTo ?? ""
    switch key {
    case .character(let c) where c.isASCII && c.isNumber:
      if typed.count < Self.goToDigits { goTo = typed + String(c) }
      return []
    case .backspace:
      goTo = String(typed.dropLast())
      return []
    case .enter:
      goTo = nil
      return goToTyped(typed)
    case .escape:
      goTo = nil
      return []
    default:
      // Any other key (a clicker's PgDn included) drops the number and does what it always does.
      goTo = nil
      return handle(KeyMap.intent(for: key))
    }
  }

  /// Goes to the 1-based step `typed` of this lesson, or says which steps there are.
  mutating func goToTyped(_ typed: String) -> [TutorEffect] {
    guard let number = Int(typed) else { return [] }
    let count = lesson.steps.count
    guard number >= 1, number <= count else {
      notice = "no step \(number): this lesson has steps 1–\(count)"
      return []
    }
    guard number - 1 != stepIndex else { return [] }
    return goToStep(number - 1, animate: true)
  }
}
