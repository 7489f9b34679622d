/// When a step with an exercise plays its scripts: after the learner answers (predict, then watch) or before the
/// question (the question is about what the learner just watched). Written `play: after` or `play: before` in the
/// exercise block; `after` when absent. A `goal:` exercise is not held either way.
public enum ExercisePlay: String, Equatable, Hashable, Sendable, CaseIterable {
  /// The step's scripts (after its ``Exercise/prelude`` ones) play once the learner answers or skips.
  case after
  /// The step plays on arrival; the panes conceal what the exercise checks until it is answered.
  case before
}
