/// A lesson's front matter: its title and the settings that apply to every step.
public struct LessonMeta: Equatable, Hashable, Sendable {
  /// The lesson's stable identifier (`virtio-tutor learn ID`); defaults to the
  /// file name's stem without a leading number (`01-split-rings.md` → `split-rings`).
  public var id: String
  /// Where the id came from: the `id:` value, or `file:1:1` when derived from the file name.
  public var idPosition: SourcePosition
  /// The lesson's title (required).
  public var title: String
  /// Sort key among lessons; lessons without one come after those with one.
  public var order: Int?
  /// A one-line summary for the lesson list.
  public var summary: String?
  /// Estimated minutes to work through the lesson.
  public var minutes: Int?
  /// A script run before the first step (for example `queue size=8 features=event_idx`).
  public var setup: StepScript?
  /// The default visualisation for steps that do not choose one.
  public var view: LessonView?
  /// Default seconds per step when auto-advancing; `nil` means the learner advances.
  public var autoAdvance: Double?

  /// Creates front matter; only `id` and `title` are required.
  public init(
    id: String, idPosition: SourcePosition, title: String, order: Int? = nil,
    summary: String? = nil, minutes: Int? = nil, setup: StepScript? = nil,
    view: LessonView? = nil, autoAdvance: Double? = nil
  ) {
    self.id = id
    self.idPosition = idPosition
    self.title = title
    self.order = order
    self.summary = summary
    self.minutes = minutes
    self.setup = setup
    self.view = view
    self.autoAdvance = autoAdvance
  }
}
