/// What the tutor remembers between runs: where the learner is, which lessons they completed and how their
/// exercises went. Saved as JSON in `$XDG_STATE_HOME/virtio-tutor/progress.json` by the CLI.
public struct LearnerProgress: Codable, Equatable, Sendable {
  /// The result of one exercise.
  public struct ExerciseResult: Codable, Equatable, Sendable {
    public var attempts: Int
    public var correct: Bool
    /// Whether the answer was shown after the third wrong try (absent in older files: false).
    public var revealed: Bool

    public init(attempts: Int = 0, correct: Bool = false, revealed: Bool = false) {
      self.attempts = attempts
      self.correct = correct
      self.revealed = revealed
    }

    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      attempts = try c.decode(Int.self, forKey: .attempts)
      correct = try c.decode(Bool.self, forKey: .correct)
      revealed = try c.decodeIfPresent(Bool.self, forKey: .revealed) ?? false
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

  /// Forgets one lesson (its exercise results, its step and its completion) and nothing else; returns how many
  /// exercise results were dropped (`virtio-tutor reset LESSON`).
  @discardableResult
  public mutating func reset(lesson id: String) -> Int {
    let keys = exercises.keys.filter { $0.hasPrefix(id + "#") && Int($0.dropFirst(id.count + 1)) != nil }
    for key in keys { exercises[key] = nil }
    steps[id] = nil
    completed.removeAll { $0 == id }
    return keys.count
  }
}
