import Synchronization

/// A lesson's steps, parsed at most once, when first read: a lesson's markdown body is most of what parsing a
/// lesson costs, and the tutor shows one lesson at a time. Thread-safe (a `Mutex` guards the one parse).
final class LessonBody: Sendable {
  private enum State { case parsed([LessonStep]), deferred(@Sendable () -> [LessonStep]) }
  private let state: Mutex<State>

  /// Steps already parsed.
  init(steps: [LessonStep]) { state = Mutex(.parsed(steps)) }

  /// Steps parsed by `parse` on first access.
  init(parse: @escaping @Sendable () -> [LessonStep]) { state = Mutex(.deferred(parse)) }

  var steps: [LessonStep] {
    state.withLock { state in
      switch state {
      case .parsed(let steps): return steps
      case .deferred(let parse):
        let steps = parse()
        state = .parsed(steps)
        return steps
      }
    }
  }
}
