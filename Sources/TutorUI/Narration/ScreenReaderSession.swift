import VirtioLessons

/// The screen-reader mode's state machine: a ``TutorState`` moved by the same reducer as the full-screen tutor,
/// read a line at a time (`n` next, `b` back, `a` answer, a number picks a choice, `q` quits) and answered with
/// the ``Narrator``'s lines. Pure: the CLI reads standard input and prints what ``handle(line:)`` returns.
public struct ScreenReaderSession: Sendable {
  /// The tutor state (lesson, step, progress).
  public private(set) var state: TutorState
  public let narrator: Narrator
  /// Waiting for a free-text answer after a bare `a`.
  public private(set) var awaitingAnswer = false

  public init(state: TutorState, narrator: Narrator) {
    self.state = state
    self.narrator = narrator
    self.state.overlay = nil
  }

  /// The help line.
  public static let help =
    "Commands: n next step, b back, a answer (a then your answer), a number picks a choice, s hear the events, "
    + "r repeat the step, x redo the exercise, g and a number go to that step, q quit."

  /// What is said first: the lesson, how to move, and the current step.
  public mutating func start() -> [String] {
    let title = narrator.prose.shown(state.lesson.meta.title)
    return ["Lesson \(state.lessonIndex + 1) of \(state.lessons.count): \(title).", Self.help, ""] + arrival()
  }

  /// One line of input: the lines to say, and the effects to run (save progress, quit).
  public mutating func handle(line raw: String) -> (lines: [String], effects: [TutorEffect]) {
    let line = raw.trimmingSpaces()
    if awaitingAnswer {
      awaitingAnswer = false
      return line.isEmpty ? (["No answer given."], []) : answer(line)
    }
    let word = line.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
    let rest = line.split(separator: " ", maxSplits: 1).dropFirst().first.map { String($0).trimmingSpaces() } ?? ""
    switch word.lowercased() {
    case "n", "next": return move(.nextStep)
    case "b", "back", "p": return move(.previousStep)
    case "r", "repeat": return (arrival(), [])
    case "s":
      let effects = release()
      return (narrator.events(state.stepPlayback, flow: state.animatesFlow).nonEmpty(or: "This step has no events."), effects)
    case "q", "quit": return (["Progress saved. Goodbye."], [.saveProgress, .quit])
    case "h", "help", "?": return ([Self.help], [])
    case "x":
      let effects = state.redoExercise()
      return ([state.notice.map { sentence($0) } ?? ""] + exerciseLines(), effects)
    case "g":
      guard let n = Int(rest), n >= 1 else { return (["Type g and a step number, from 1 to \(state.lesson.steps.count)."], []) }
      guard n <= state.lesson.steps.count else { return (["This lesson has steps 1 to \(state.lesson.steps.count)."], []) }
      return move(to: n - 1)
    case "a":
      guard let exercise = state.currentExercise, exercise.goal == nil else { return (noExercise(), []) }
      if !rest.isEmpty { return answer(rest) }
      if exercise.choices.isEmpty {
        awaitingAnswer = true
        return (["Your answer:"], [])
      }
      return (exerciseLines(), [])
    case "":
      return ([], [])
    default:
      if let exercise = state.currentExercise, exercise.goal == nil, Int(word) != nil { return answer(line) }
      return (["Unknown command \(line). Type h for help."], [])
    }
  }

  // MARK: - Pieces

  /// The current step as said on arrival: prose, then the events (held, like the full-screen tutor, while an
  /// unanswered exercise asks for a prediction), then the exercise.
  func arrival() -> [String] {
    var out = narrator.step(state.lesson, state.stepIndex)
    let events = narrator.events(state.stepPlayback, flow: state.animatesFlow)
    if state.heldForExercise {
      if !events.isEmpty { out += [""] + events }
      out += [""] + exerciseLines()
      out += ["Predict first: the rest of the step is held until you answer; s skips the exercise and reads it."]
      return out
    }
    if !events.isEmpty { out += [""] + events }
    if state.currentExercise != nil { out += [""] + exerciseLines() }
    return out
  }

  func exerciseLines() -> [String] {
    guard let exercise = state.currentExercise else { return [] }
    return narrator.exercise(exercise, lesson: state.lesson, step: state.stepIndex, answered: state.exerciseAnswered)
  }

  func noExercise() -> [String] {
    if state.currentExercise?.goal != nil { return exerciseLines() }
    return ["This step has no exercise."]
  }

  mutating func move(_ intent: TutorIntent) -> (lines: [String], effects: [TutorEffect]) {
    let before = (state.lessonIndex, state.stepIndex)
    let effects = state.handle(intent)
    guard (state.lessonIndex, state.stepIndex) != before else {
      return ([state.notice.map { sentence($0) } ?? "No other step."], effects)
    }
    return ([""] + lessonChange(from: before.0) + arrival(), effects)
  }

  mutating func move(to index: Int) -> (lines: [String], effects: [TutorEffect]) {
    let before = state.stepIndex
    let effects = state.goToStep(index, animate: true)
    return (state.stepIndex == before ? ["You are on step \(index + 1)."] : [""] + arrival(), effects)
  }

  func lessonChange(from previous: Int) -> [String] {
    guard state.lessonIndex != previous else { return [] }
    return ["Lesson \(state.lessonIndex + 1) of \(state.lessons.count): \(narrator.prose.shown(state.lesson.meta.title)).", ""]
  }

  /// Checks an answer with the reducer (choices by number, else the typed text) and says the verdict.
  mutating func answer(_ text: String) -> (lines: [String], effects: [TutorEffect]) {
    guard let exercise = state.currentExercise, exercise.goal == nil else { return (noExercise(), []) }
    let held = state.heldForExercise
    var effects: [TutorEffect]
    if exercise.choices.isEmpty {
      effects = state.submitAnswer(text)
    } else {
      let index = ExerciseOverlay.choicesAreNumbered(exercise)
        ? Int(text).map { $0 - 1 } : exercise.choices.firstIndex { ExerciseAnswer(parsing: $0)?.matches(text) == true }
      guard let index, exercise.choices.indices.contains(index) else {
        return (["There is no choice \(text). " + (ExerciseOverlay.choicesAreNumbered(exercise)
          ? "Type a number from 1 to \(exercise.choices.count)." : "Type one of the values listed.")], [])
      }
      effects = state.submitAnswer(exercise.choices[index], selected: index)
    }
    guard case .exercise(let prompt)? = state.overlay, let feedback = prompt.feedback else { return ([], effects) }
    state.overlay = nil
    var out = [sentence(feedback.message)]
    if let explanation = feedback.explanation, feedback.verdict != .incorrect { out += narrator.prose.wrapped(explanation, indent: "") }
    if held && !state.heldForExercise {
      effects += release()
      let events = narrator.events(state.stepPlayback, flow: state.animatesFlow)
      if !events.isEmpty { out += [""] + events }
    }
    return (out, effects)
  }

  /// Lets the held step play (skipping its exercise when it is still held) and settles it: its events are said.
  mutating func release() -> [TutorEffect] {
    state.skipExercise()
    state.notice = nil
    state.settle()
    return []
  }

  func sentence(_ text: String) -> String {
    let shown = narrator.prose.shown(text)
    guard let first = shown.first else { return "" }
    let capital = first.uppercased() + shown.dropFirst()
        return capital.hasSuffix(".") || capital.hasSuffix("?") ? capital : capital + "."
  }
}

extension Array where Element == String {
  func nonEmpty(or line: String) -> [String] { isEmpty ? [line] : self }
}
