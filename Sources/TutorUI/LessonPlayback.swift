import Synchronization
import VirtioLessons
import VirtioScript

/// A lesson with every step's playback computed in order (setup first), so moving to any step, forwards or
/// backwards, shows exactly the engine state that step had: deterministic replay without re-running anything.
///
/// A step's playback is computed when it is first read, together with the steps before it that are not computed
/// yet (each starts from the previous one's end state): opening a lesson at step 1 runs the setup and step 1's
/// scripts only, not the whole lesson's, before the first frame. The result is the same as running every step up
/// front, since playback is a pure function of the scripts.
public struct LessonPlayback: Sendable {
  /// The lesson.
  public let lesson: Lesson
  /// The setup script's playback (the state before step 1).
  public let setup: StepPlayback
  /// One playback per step, each computed on first access.
  public let steps: Steps

  /// Runs the setup; the steps' scripts run when their playback is first read. Pure.
  public init(lesson: Lesson) {
    self.lesson = lesson
    let setup = StepPlayback(scripts: lesson.meta.setup.map { [$0] } ?? [], from: ScriptSession(journaling: true))
    self.setup = setup
    self.steps = Steps(scripts: lesson.steps.map(\.scripts), start: setup.after)
  }

  /// The playback of step `index`, clamped.
  public func step(_ index: Int) -> StepPlayback {
    guard !steps.isEmpty else { return setup }
    return steps[min(max(index, 0), steps.count - 1)]
  }

  /// The steps' playbacks, in order: a collection whose elements are computed (in order, once) when first read.
  public struct Steps: RandomAccessCollection, Sendable {
    private let played: PlayedSteps
    /// The number of steps.
    public let count: Int

    init(scripts: [[StepScript]], start: ScriptSession) {
      played = PlayedSteps(scripts: scripts, start: start)
      count = scripts.count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(index: Int) -> StepPlayback { played.playback(index) }
  }
}

/// The playbacks computed so far and the session the next step starts from (a `Mutex` guards them).
private final class PlayedSteps: Sendable {
  private struct Played {
    var steps: [StepPlayback] = []
    var next: ScriptSession
  }

  private let scripts: [[StepScript]]
  private let state: Mutex<Played>

  init(scripts: [[StepScript]], start: ScriptSession) {
    self.scripts = scripts
    state = Mutex(Played(next: start))
  }

  /// Step `index`'s playback, running the scripts of it and of the uncomputed steps before it.
  func playback(_ index: Int) -> StepPlayback {
    precondition(scripts.indices.contains(index), "step \(index) of \(scripts.count)")
    return state.withLock { played in
      while played.steps.count <= index {
        let playback = StepPlayback(scripts: scripts[played.steps.count], from: played.next)
        played.steps.append(playback)
        played.next = playback.after
      }
      return played.steps[index]
    }
  }
}
