/// One screen of a lesson: a title, prose, and the scripts that animate it.
///
/// A step starts at every level-2 heading (`## Title`); text before the first
/// one forms an introductory step when there is any.
public struct LessonStep: Equatable, Hashable, Sendable {
  /// The step's title: the `##` heading's text (for the introduction, the
  /// level-1 heading's text or else the lesson title).
  public var title: String
  /// The prose to show, in order. Never contains scripts, exercises or notes.
  public var blocks: [MarkdownBlock]
  /// The ```` ```virtio ```` blocks, in order, run when the step is shown.
  public var scripts: [StepScript]
  /// Speaker notes (`<!-- note: … -->`), never shown to the learner.
  public var notes: [String]
  /// The step's exercise, if it has one.
  public var exercise: Exercise?
  /// The visualisation chosen by `<!-- view: … -->`; `nil` means the lesson's default.
  public var view: LessonView?
  /// Why the step has no picture, from `<!-- view: none: … -->`: shown in the picture pane instead of one.
  public var noPictureReason: String?
  /// Seconds before auto-advancing, from `<!-- advance: … -->`; `nil` means the lesson's default.
  public var advanceAfter: Double?
  /// Where the step starts: its `##` heading, or the first block of the introduction.
  public var position: SourcePosition

  /// Creates a step.
  public init(
    title: String, blocks: [MarkdownBlock] = [], scripts: [StepScript] = [], notes: [String] = [],
    exercise: Exercise? = nil, view: LessonView? = nil, noPictureReason: String? = nil, advanceAfter: Double? = nil,
    position: SourcePosition
  ) {
    self.title = title
    self.blocks = blocks
    self.scripts = scripts
    self.notes = notes
    self.exercise = exercise
    self.view = view
    self.noPictureReason = noPictureReason
    self.advanceAfter = advanceAfter
    self.position = position
  }

  /// Whether the step has nothing to show or run.
  public var isEmpty: Bool { blocks.isEmpty && scripts.isEmpty && exercise == nil }
}
