import TermGrid
import VirtioLessons
import VirtioScript

extension TutorState {
  mutating func handleOverlayKey(_ key: Key, _ current: Overlay) -> [TutorEffect] {
    if key == .ctrl("c") { return [.saveProgress, .quit] }
    if let intent = KeyMap.clickerIntent(for: key), !typesLetter(key, into: current) {
      return handleClicker(intent, over: current)
    }
    switch current {
    case .help, .blank:
      if key == .character("?") || key == .character("q") { overlay = nil }
      return []
    case .lessonIndex(let selected):
      return handleIndexKey(key, selected: selected)
    case .exercise(let prompt):
      return handleExerciseKey(key, prompt: prompt)
    case .review:
      if key == .character("v") || key == .character("q") { overlay = nil }
      return []
    }
  }

  /// A clicker key over an overlay: PgDn/PgUp close everything (a blank screen too) and move a step, Esc closes
  /// the top layer (a blanked screen comes back with what it hid), `.`/`b` blank or un-blank, F5 does nothing.
  mutating func handleClicker(_ intent: TutorIntent, over current: Overlay) -> [TutorEffect] {
    switch intent {
    case .nextStep, .previousStep:
      overlay = nil
      underBlank = nil
      return handle(intent)
    case .closeOverlay:
      overlay = current == .blank ? underBlank : nil
      underBlank = nil
    case .toggleBlank:
      if current == .blank {
        overlay = underBlank
        underBlank = nil
      } else {
        underBlank = current
        overlay = .blank
      }
    default:
      break
    }
    return []
  }

  /// Whether `key` is text for the open answer field: only `b`, only in a free-text exercise, and only once the
  /// learner has started typing (a free-text answer may need it, `0xb0`); an empty field leaves `b` to the clicker.
  func typesLetter(_ key: Key, into current: Overlay) -> Bool {
    guard key == .character("b"), case .exercise(let prompt) = current, currentExercise?.choices.isEmpty == true else {
      return false
    }
    return !prompt.input.isEmpty
  }

  mutating func handleIndexKey(_ key: Key, selected: Int) -> [TutorEffect] {
    let count = lessons.count
    switch key {
    case .character("i"), .tab, .character("q"): overlay = nil
    case .up, .character("k"): overlay = .lessonIndex(selected: max(0, selected - 1))
    case .down, .character("j"): overlay = .lessonIndex(selected: min(count - 1, selected + 1))
    case .home, .character("g"): overlay = .lessonIndex(selected: 0)
    case .end, .character("G"): overlay = .lessonIndex(selected: max(0, count - 1))
    case .enter, .right, .character("l"), .character(" "):
      overlay = nil
      openLesson(selected)
      return [.saveProgress]
    default: break
    }
    return []
  }

  /// Whether `typed` is the answer: the engine's value of `check` after the step ran (numbers by value, bit
  /// sets by number or by name), else the literal `answer`.
  func isCorrect(_ typed: String, for exercise: Exercise) -> Bool {
    guard let response = ExerciseAnswer(parsing: typed) else { return false }
    let whole = wholeStepPlayback
    if let check = exercise.check, case .success(let value) = whole.after.evaluate(check, memory: whole.memoryAtEnd) {
      return EngineValue(value).matches(response)
    }
    return exercise.answer.map { $0.matches(typed) } ?? false
  }

}

extension String {
  func trimmingSpaces() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " { s.removeFirst() }
    while let l = s.last, l == " " { s.removeLast() }
    return String(s)
  }
}
