import VirtioLessons
import VirtioScript

/// A lesson with every step's playback computed in order (setup first), so moving to any step, forwards or
/// backwards, shows exactly the engine state that step had: deterministic replay without re-running anything.
public struct LessonPlayback: Sendable {
  /// The lesson.
  public let lesson: Lesson
  /// The setup script's playback (the state before step 1).
  public let setup: StepPlayback
  /// One playback per step.
  public let steps: [StepPlayback]

  /// Runs the setup and every step's scripts. Pure and fast (milliseconds for a whole lesson).
  public init(lesson: Lesson) {
    self.lesson = lesson
    let setup = StepPlayback(scripts: lesson.meta.setup.map { [$0] } ?? [], from: ScriptSession(journaling: true))
    var session = setup.after
    var steps: [StepPlayback] = []
    for step in lesson.steps {
      let playback = StepPlayback(scripts: step.scripts, from: session)
      steps.append(playback)
      session = playback.after
    }
    self.setup = setup
    self.steps = steps
  }

  /// The playback of step `index`, clamped.
  public func step(_ index: Int) -> StepPlayback {
    guard !steps.isEmpty else { return setup }
    return steps[min(max(index, 0), steps.count - 1)]
  }
}
