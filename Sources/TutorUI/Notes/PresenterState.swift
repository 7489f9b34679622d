/// What the presenting tutor publishes to `virtio-tutor notes` (one JSON line per change): where the talk is, the
/// current step's speaker notes, the next step's title, and the clock readings the follower's elapsed time and
/// timer count from. Values only; the CLI encodes it and moves it over the socket.
public struct PresenterState: Codable, Equatable, Sendable {
  /// Increases with every change the presenter publishes.
  public var sequence: Int
  public var lessonID: String
  public var lessonTitle: String
  /// 1-based lesson number, and how many lessons there are.
  public var lesson: Int
  public var lessonCount: Int
  /// 1-based step number, and how many steps the lesson has.
  public var step: Int
  public var stepCount: Int
  public var stepTitle: String
  /// The step's speaker notes (`<!-- note: … -->`), in order.
  public var notes: [String]
  /// What PgDn shows next: the next step's title, or the next lesson's first step; nil at the very end.
  public var next: String?
  /// Seconds since the Unix epoch when the presenter entered this lesson, and when it started presenting.
  public var lessonStarted: Double
  public var talkStarted: Double

  public init(
    sequence: Int, lessonID: String, lessonTitle: String, lesson: Int, lessonCount: Int, step: Int, stepCount: Int,
    stepTitle: String, notes: [String], next: String?, lessonStarted: Double, talkStarted: Double
  ) {
    self.sequence = sequence
    self.lessonID = lessonID
    self.lessonTitle = lessonTitle
    self.lesson = lesson
    self.lessonCount = lessonCount
    self.step = step
    self.stepCount = stepCount
    self.stepTitle = stepTitle
    self.notes = notes
    self.next = next
    self.lessonStarted = lessonStarted
    self.talkStarted = talkStarted
  }

  /// The longest note text published (a larger one is cut, so one message always fits a follower's buffer).
  public static let maximumNotesCharacters = 16_384

  /// Where `state` is, with the given clock readings (sequence 0; the publisher numbers what it sends).
  public init(_ state: TutorState, lessonStarted: Double, talkStarted: Double) {
    let lesson = state.lesson
    let index = min(max(state.stepIndex, 0), max(0, lesson.steps.count - 1))
    let step = lesson.steps.indices.contains(index) ? lesson.steps[index] : nil
    var next: String?
    if index + 1 < lesson.steps.count {
      next = "Step \(index + 2): \(lesson.steps[index + 1].title)"
    } else if state.lessonIndex + 1 < state.lessons.count {
      let following = state.lessons[state.lessonIndex + 1]
      next = "Lesson \(state.lessonIndex + 2): \(following.meta.title)" + (following.steps.first.map { ", step 1: \($0.title)" } ?? "")
    }
    var budget = Self.maximumNotesCharacters
    let notes = (step?.notes ?? []).compactMap { note -> String? in
      guard budget > 0 else { return nil }
      let kept = String(note.prefix(budget))
      budget -= kept.count
      return kept
    }
    self.init(
      sequence: 0, lessonID: lesson.id, lessonTitle: lesson.meta.title, lesson: state.lessonIndex + 1,
      lessonCount: max(1, state.lessons.count), step: index + 1, stepCount: lesson.steps.count,
      stepTitle: step?.title ?? "", notes: notes, next: next, lessonStarted: lessonStarted, talkStarted: talkStarted)
  }

  /// Whether `other` shows the same place and notes (clock readings and sequence aside).
  public func samePlace(as other: PresenterState) -> Bool {
    var a = self
    var b = other
    a.sequence = 0
    b.sequence = 0
    return a == b
  }
}
