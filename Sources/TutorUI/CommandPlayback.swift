import VirtioCore
import VirtioScript

/// One script command of a step, run once: the session before and after it and the trace entries it added.
public struct CommandPlayback: Sendable {
  /// The command (nil for a lesson's setup marker).
  public var line: ScriptLine
  /// The engine before the command.
  public var before: ScriptSession
  /// The engine after the command.
  public var after: ScriptSession
  /// Trace entries this command appended, in order.
  public var events: [TraceEntry]
}

/// A problem found while running a step's scripts (shown in the UI; `virtio-tutor check` reports it too).
public struct PlaybackProblem: Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public var file: String
  public var line: Int
  public var column: Int
  public var description: String { "\(file):\(line):\(column): \(message)" }
}
