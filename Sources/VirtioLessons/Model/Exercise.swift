/// A question the learner answers at the end of a step.
///
/// Written in a fenced block with info string `exercise`, one `key: value` per
/// line (see `docs/lesson-format.md`). At least one of ``answer``, ``check`` and
/// ``goal`` is present. When both are, `virtio-tutor check` verifies that
/// they agree; when only ``check`` is, the UI evaluates it after the step's
/// scripts ran and compares the learner's input to that value.
public struct Exercise: Equatable, Hashable, Sendable {
  /// The question, as shown to the learner.
  public var question: String
  /// The expected answer typed into the lesson, if any.
  public var answer: ExerciseAnswer?
  /// Where `answer:`'s value is, when present.
  public var answerPosition: SourcePosition?
  /// An engine value expression (`used.idx`, `kicks`, `flow.exits`) whose
  /// value, after the step's scripts ran, is the expected answer.
  public var check: String?
  /// Where `check:`'s value is, when present.
  public var checkPosition: SourcePosition?
  /// Multiple-choice options, in order; empty for a free-text answer.
  public var choices: [String]
  /// A hint the learner may ask for.
  public var hint: String?
  /// A goal the learner reaches by acting in the sandbox: an `expect` expression (`error == looped-descriptor`)
  /// the engine checks after every sandbox command.
  public var goal: String?
  /// Where `goal:`'s value is, when present.
  public var goalPosition: SourcePosition?
  /// Why the answer is what it is: shown after a correct answer, and with the answer after the third wrong one.
  public var explain: String?
  /// Whether the step plays after the answer (held until then) or before the question.
  public var play: ExercisePlay
  /// How many of the step's scripts play before the question when ``play`` is `after` (they set up what it asks
  /// about); 0 when absent.
  public var prelude: Int
  /// The position of the opening fence of the exercise block.
  public var position: SourcePosition
  /// Where `prelude:`'s value is, when present.
  public var preludePosition: SourcePosition?

  /// Whether the step's playback waits for the answer: a question to predict (`check:`/`answer:`, `play: after`).
  public var holdsPlayback: Bool { goal == nil && play == .after }

  /// Creates an exercise.
  public init(
    question: String, answer: ExerciseAnswer? = nil, answerPosition: SourcePosition? = nil,
    check: String? = nil, checkPosition: SourcePosition? = nil, choices: [String] = [],
    hint: String? = nil, explain: String? = nil, goal: String? = nil, goalPosition: SourcePosition? = nil,
    play: ExercisePlay = .after, prelude: Int = 0, preludePosition: SourcePosition? = nil, position: SourcePosition
  ) {
    self.question = question
    self.answer = answer
    self.answerPosition = answerPosition
    self.check = check
    self.checkPosition = checkPosition
    self.choices = choices
    self.hint = hint
    self.explain = explain
    self.goal = goal
    self.goalPosition = goalPosition
    self.play = play
    self.prelude = prelude
    self.preludePosition = preludePosition
    self.position = position
  }
}
