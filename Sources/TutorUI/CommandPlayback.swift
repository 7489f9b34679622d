import VirtioCore
import VirtioScript

/// One script command of a step, run once: the session before and after it, where guest memory's write log was
/// before and after it, and the trace entries it added.
///
/// The sessions share guest memory (it is one object, like a VM's RAM); memory at any point of the command is a
/// view at a write-log position, never a copy.
public struct CommandPlayback: Sendable {
  /// The command (nil for a lesson's setup marker).
  public var line: ScriptLine
  /// The engine before the command (its private state; memory through ``memoryBefore``).
  public var before: ScriptSession {
    get { boxedBefore.session }
    set { boxedBefore = SessionBox(newValue) }
  }
  /// The engine after the command.
  public var after: ScriptSession {
    get { boxedAfter.session }
    set { boxedAfter = SessionBox(newValue) }
  }
  /// ``before`` and ``after`` by reference (``SessionBox``: a command's after is the next one's before).
  var boxedBefore: SessionBox
  var boxedAfter: SessionBox
  /// Trace entries this command appended, in order.
  public var events: [TraceEntry]
  /// The write-log position of `before`'s memory when the command started.
  public var memoryBefore: Int
  /// The write-log position of `after`'s memory when the command ended.
  public var memoryAfter: Int

  /// A command's playback from its boxed snapshots.
  init(
    line: ScriptLine, before: SessionBox, after: SessionBox, events: [TraceEntry], memoryBefore: Int, memoryAfter: Int
  ) {
    self.line = line
    boxedBefore = before
    boxedAfter = after
    self.events = events
    self.memoryBefore = memoryBefore
    self.memoryAfter = memoryAfter
  }

  /// Guest memory before the command.
  public var memoryAtStart: GuestMemoryView? { before.memory(at: memoryBefore) }
  /// Guest memory after the command.
  public var memoryAtEnd: GuestMemoryView? { after.memory(at: memoryAfter) }

  /// Guest memory after the first `count` events of this command: every event that writes memory (a ring field,
  /// a buffer, a poke) is exactly one record of the write log.
  public func memory(afterEvents count: Int) -> GuestMemoryView? {
    let writes = events.prefix(max(0, count)).reduce(0) { $0 + ($1.writesMemory ? 1 : 0) }
    return before.memory(at: memoryBefore + writes)
  }
}

/// A problem found while running a step's scripts (shown in the UI; `virtio-tutor check` reports it too).
public struct PlaybackProblem: Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public var file: String
  public var line: Int
  public var column: Int
  public var description: String { "\(file):\(line):\(column): \(message)" }
}
