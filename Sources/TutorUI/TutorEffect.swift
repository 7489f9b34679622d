/// Side effects the reducer asks the run loop to perform; the reducer itself never does I/O.
public enum TutorEffect: Equatable, Sendable {
  /// Leave the tutor (after saving progress).
  case quit
  /// Write the progress file now.
  case saveProgress
  /// Write the sandbox session as a `.virtio` script (`:save FILE`); the run loop reports the outcome.
  case writeScript(path: String, contents: String)
}
