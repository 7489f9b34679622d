/// A comment directive: `<!-- note: … -->`, `<!-- view: … -->`, `<!-- advance: … -->`.
enum Directive: Equatable {
  /// A speaker note, never shown to the learner.
  case note(String)
  /// The visualisation for this step; `view: none: why` says why the step has no picture.
  case view(LessonView, reason: String?)
  /// Seconds before this step auto-advances.
  case advance(Double)
  /// A recorded run (``RecordedRun``) the step replays through the engine, as a script before its own.
  case replay(String)

  /// The directive names, in documentation order.
  static let names = ["note", "view", "advance", "replay"]
}
