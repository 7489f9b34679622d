/// The pane the scrolling keys (↑ ↓ j k) move; `f` switches. The focused pane has the focused border.
public enum Focus: Equatable, Sendable {
  /// The lesson text (the default).
  case lesson
  /// The event log: ↑ goes back through earlier entries of the step.
  case log
}
