/// A modal layer over the tutor. Esc closes any of them; none of them quits.
public enum Overlay: Equatable, Sendable {
  /// The key help.
  case help
  /// The lesson index with the selected row.
  case lessonIndex(selected: Int)
  /// The current step's exercise: what the learner typed and the feedback for the last answer.
  case exercise(input: String, feedback: ExerciseFeedback?)
  /// A blank screen (presentation clickers' "blank" key).
  case blank
}

/// The verdict on an exercise answer.
public enum ExerciseFeedback: Equatable, Sendable {
  case correct(String)
  case incorrect(String)
}
