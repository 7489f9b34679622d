/// A modal layer over the tutor. Esc closes any of them; none of them quits.
public enum Overlay: Equatable, Sendable {
  /// The key help.
  case help
  /// The lesson index with the selected row.
  case lessonIndex(selected: Int)
  /// The current step's exercise: what the learner typed or picked, and the verdict on the last answer.
  case exercise(ExercisePrompt)
  /// The open lesson's exercises: each one's attempts and result.
  case review
  /// A blank screen (presentation clickers' "blank" key).
  case blank
}

/// The exercise box's state: the typed answer (free-text exercises), the highlighted choice (multiple choice,
/// picked with ↑/↓ or its number, never typed), and the feedback on the last answer.
public struct ExercisePrompt: Equatable, Sendable {
  public var input: String
  /// The highlighted choice, for an exercise with choices.
  public var selected: Int?
  public var feedback: ExerciseFeedback?

  public init(input: String = "", selected: Int? = nil, feedback: ExerciseFeedback? = nil) {
    self.input = input
    self.selected = selected
    self.feedback = feedback
  }
}

/// The verdict on an exercise answer, with the lesson's `explain:` when it is shown (after a right answer, or with
/// the answer after the third wrong one).
public struct ExerciseFeedback: Equatable, Sendable {
  /// Right, wrong, or wrong for the third time: the answer is shown.
  public enum Verdict: Equatable, Sendable { case correct, incorrect, revealed }

  public var verdict: Verdict
  public var message: String
  public var explanation: String?

  public init(_ verdict: Verdict, _ message: String, explanation: String? = nil) {
    self.verdict = verdict
    self.message = message
    self.explanation = explanation
  }

  public static func correct(_ message: String, explanation: String? = nil) -> Self { Self(.correct, message, explanation: explanation) }
  public static func incorrect(_ message: String) -> Self { Self(.incorrect, message) }
}
