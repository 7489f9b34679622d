/// Checks what parsing alone cannot: that a lesson's scripts parse and run,
/// its `expect`s hold, its exercises' answers agree with the engine, and (with
/// the UI's help) that every step fits the smallest screen.
///
/// The engine runs the lesson as the tutor does: `setup`, then each step's
/// scripts in order, the state carrying over; an exercise's `check:` is
/// evaluated after its step's scripts. After the first script that fails, later
/// scripts are only checked for syntax (their results would be meaningless).
///
/// ```swift
/// var checker = LessonChecker(evaluator: EngineScriptEvaluator(), stepFits: { lesson, index in
///   LessonLayout.overflow(lesson, step: index, width: 80, height: 24)   // the UI's layout
/// })
/// let diagnostics = checker.check(bytes: bytes, file: path)   // parse + check, sorted
/// ```
public struct LessonChecker<Evaluator: ScriptEvaluating> {
  /// The engine seam.
  public var evaluator: Evaluator
  /// Returns a diagnostic when step `index` of the lesson does not fit the
  /// smallest supported screen (80×24 with the tutor's layout); `nil` skips the check.
  public var stepFits: ((Lesson, Int) -> LessonDiagnostic?)?

  /// Creates a checker.
  public init(evaluator: Evaluator, stepFits: ((Lesson, Int) -> LessonDiagnostic?)? = nil) {
    self.evaluator = evaluator
    self.stepFits = stepFits
  }

  /// Parses and checks one file: the parser's diagnostics, then (if it parsed)
  /// the checker's, sorted by position.
  public mutating func check(bytes: [UInt8], file: String) -> [LessonDiagnostic] {
    let (lesson, diagnostics) = LessonParser.parse(bytes: bytes, file: file)
    guard let lesson else { return diagnostics }
    return LessonParser.sorted(diagnostics + check(lesson))
  }

  /// Checks a parsed lesson; returns only the new problems, in lesson order.
  public mutating func check(_ lesson: Lesson) -> [LessonDiagnostic] {
    var diagnostics: [LessonDiagnostic] = []
    var healthy = true
    evaluator.reset()
    if let setup = lesson.meta.setup {
      run(setup, healthy: &healthy, into: &diagnostics)
    }
    for (index, step) in lesson.steps.enumerated() {
      for script in step.scripts { run(script, healthy: &healthy, into: &diagnostics) }
      if let exercise = step.exercise, exercise.explain == nil {
        diagnostics.append(.error(Self.missingExplain, at: exercise.position))
      }
      if let exercise = step.exercise, healthy { checkExercise(exercise, into: &diagnostics) }
      if let stepFits, let problem = stepFits(lesson, index) { diagnostics.append(problem) }
    }
    return diagnostics
  }

  /// Every exercise says why its answer is what it is (issue 15): the tutor shows it after the answer.
  static var missingExplain: String {
    "exercise has no 'explain:': say why the answer is what it is and what the usual wrong answer misses "
      + "(shown after the answer)"
  }

  private mutating func run(_ script: StepScript, healthy: inout Bool, into diagnostics: inout [LessonDiagnostic]) {
    let problem = healthy ? evaluator.run(script) : evaluator.syntaxProblem(in: script)
    guard let problem else { return }
    healthy = false
    let at = script.filePosition(line: max(problem.line, 1), column: problem.column)
    diagnostics.append(.error(problem.message, at: at))
  }

  private func checkExercise(_ exercise: Exercise, into diagnostics: inout [LessonDiagnostic]) {
    guard let check = exercise.check else { return }
    let checkAt = exercise.checkPosition ?? exercise.position
    switch evaluator.evaluate(check) {
    case .failure(let problem):
      diagnostics.append(.error("check '\(check.shown)' has no value: \(problem.message)", at: checkAt))
    case .success(let value):
      if let answer = exercise.answer, !value.matches(answer) {
        diagnostics.append(
          .error(
            "answer '\(answer.description.shown)' disagrees with the engine: '\(check.shown)' is \(value.text.shown)",
            at: exercise.answerPosition ?? checkAt))
      } else if exercise.answer == nil, !exercise.choices.isEmpty,
        !exercise.choices.contains(where: { choice in ExerciseAnswer(parsing: choice).map(value.matches) ?? false })
      {
        diagnostics.append(
          .error("no choice matches the engine: '\(check.shown)' is \(value.text.shown)", at: checkAt))
      }
    }
  }
}
