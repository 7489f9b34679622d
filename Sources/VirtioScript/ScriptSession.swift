import VirtioCore
import VirtioFlows

/// Runs scripts against the engine: holds the virtqueue (and the last flow run), applies commands one by one,
/// checks expectations, and remembers ring errors until an `expect error == NAME` claims them.
///
/// A value type: copying a session snapshots the whole engine, which is how the TUI steps back exactly.
public struct ScriptSession: Sendable {
  /// The virtqueue, once a `queue` command ran.
  public internal(set) var queue: Virtqueue?
  /// The packed virtqueue, once a `queue format=packed` command ran (then ``queue`` is nil).
  public internal(set) var packedQueue: PackedVirtqueue?
  /// The split queue that the latest `queue … format=packed` replaced, as it was then: kept so that a picture can
  /// show the same requests in both formats side by side (the lesson view `pair`). A split `queue` clears it.
  public internal(set) var splitBeforePacked: Virtqueue?
  /// The most recent ring error and the script line that caused it.
  public internal(set) var lastError: LocatedError?
  /// The error of the latest `queue` line, when the engine refused it and no queue has been built since.
  public internal(set) var rejectedQueue: LocatedError?
  /// What a command or quantity after a refused `queue` line reports instead of "no queue yet" (`detailed` adds the
  /// error's message to its name); nil when no `queue` line was refused.
  func rejectedQueueProblem(detailed: Bool) -> String? {
    guard let r = rejectedQueue else { return nil }
    let why = detailed ? "\(r.error.kind.rawValue): \(r.error.message)" : r.error.kind.rawValue
    return "no queue: the `queue` on line \(r.line) was rejected (\(why))"
  }
  /// Ring errors no `expect error == …` has claimed yet.
  public internal(set) var unclaimedErrors: [LocatedError] = []
  /// The last chains the driver reclaimed.
  public internal(set) var lastReclaimed: [UsedBuffer] = []
  /// The head of the last chain the driver added.
  public internal(set) var lastHead: UInt16?
  /// The transport the latest `queue` line declared: how its kicks and interrupts would reach a VM.
  public internal(set) var transport: EngineTransport = .default
  /// The last flow run, if a `flow` command ran.
  public internal(set) var flowRun: FlowRun?
  /// Every flow run so far, oldest first (the compare view shows the last of each flow).
  public internal(set) var flowHistory: [FlowRun] = []
  /// Whether new queues record a trace.
  public var tracing: Bool
  /// Whether new queues keep a write log of guest memory (the TUI's history: earlier steps and events are views
  /// of memory at a log position, never copies).
  public var journaling = false

  /// An error with the line that caused it.
  public struct LocatedError: Equatable, Sendable {
    public var error: VirtqueueError
    public var line: Int
  }

  /// Creates an empty session.
  public init(tracing: Bool = true, journaling: Bool = false) {
    self.tracing = tracing
    self.journaling = journaling
  }

  /// Where the current queue's memory is in its write log (0 without a queue).
  public var memoryPosition: Int { (queue?.memory ?? packedQueue?.memory)?.journalPosition ?? 0 }

  /// The current queue's memory as it was at `position` of its write log.
  public func memory(at position: Int) -> GuestMemoryView? { (queue?.memory ?? packedQueue?.memory)?.view(at: position) }

  /// Guest memory of the current queue, split or packed.
  public var guestMemory: GuestMemory? { queue?.memory ?? packedQueue?.memory }

  /// How a whole script ended.
  public enum Outcome: Equatable, Sendable {
    /// Every line ran, every expectation held, every ring error was expected.
    case completed
    /// A line could not run or an expectation failed.
    case failed(ScriptFailure)
    /// The script ran to the end but a ring error was never claimed by `expect error == NAME`.
    case unexpectedError(LocatedError)
  }

  /// Runs every line of `script`, stopping at the first failure.
  @discardableResult
  public mutating func run(_ script: Script) -> Outcome {
    for line in script.lines {
      do {
        try execute(line, file: script.file)
      } catch {
        return .failed(error)
      }
    }
    if let first = unclaimedErrors.first { return .unexpectedError(first) }
    return .completed
  }

  /// Trace entries recorded so far (empty before the first `queue`).
  public var traceEntries: [TraceEntry] { queue?.trace.entries ?? packedQueue?.trace.entries ?? [] }

  /// Takes the trace entries recorded so far out of the session (sequence numbers keep counting), so that a
  /// caller printing as it goes keeps memory flat however long the script is.
  public mutating func drainTrace() -> [TraceEntry] {
    Self.drainTrace(of: &queue) ?? Self.drainTrace(of: &packedQueue) ?? []
  }

  private static func drainTrace<Q: ScriptedQueue>(of slot: inout Q?) -> [TraceEntry]? {
    guard var q = slot else { return nil }
    slot = nil  // keep the queue uniquely referenced while its trace is emptied
    let entries = q.trace.entries
    q.trace.removeAll()
    slot = q
    return entries
  }
}
