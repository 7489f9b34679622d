/// What the tutor remembers between runs: where the learner is, which lessons they completed and how their
/// exercises went. Saved as JSON in `$XDG_STATE_HOME/virtio-tutor/progress.json` by the CLI.
public struct LearnerProgress: Codable, Equatable, Sendable {
  /// The result of one exercise.
  public struct ExerciseResult: Codable, Equatable, Sendable {
    public var attempts: Int
    public var correct: Bool
    public init(attempts: Int = 0, correct: Bool = false) {
      self.attempts = attempts
      self.correct = correct
    }
  }

  /// Format version, so a future tutor can migrate old files.
  public var version = 1
  /// The lesson open when the tutor last ran.
  public var currentLesson: String?
  /// The step of each lesson the learner last saw, by lesson id.
  public var steps: [String: Int] = [:]
  /// Lessons whose last step the learner reached.
  public var completed: [String] = []
  /// Exercise results by `lessonID#step` (1-based step).
  public var exercises: [String: ExerciseResult] = [:]

  public init() {}

  /// The key of an exercise.
  public static func exerciseKey(lesson: String, step: Int) -> String { "\(lesson)#\(step + 1)" }
}
