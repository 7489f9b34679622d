import TermGrid
import VirtioCore

/// Everything the split screen of `virtio-tutor guest` shows, as values: the guest's console, the engine's snapshot
/// of the ring our device serves and the trace entries of its latest change, the counters, the event log and the
/// status line. Changed only by ``GuestReducer``; ``revision`` counts the changes, so the loop redraws only then.
public struct GuestViewState: Sendable {
  /// The device's counts.
  public struct Counters: Equatable, Sendable {
    public var kicks = 0
    public var interrupts = 0
    public var interruptsSuppressed = 0
    public var requestsServed = 0
    public var bytesServed = 0
    /// Requests our device found by polling with notifications off (posted without a kick).
    public var polledRequests = 0
    public init(
      kicks: Int = 0, interrupts: Int = 0, interruptsSuppressed: Int = 0, requestsServed: Int = 0, bytesServed: Int = 0,
      polledRequests: Int = 0
    ) {
      self.kicks = kicks
      self.interrupts = interrupts
      self.interruptsSuppressed = interruptsSuppressed
      self.requestsServed = requestsServed
      self.bytesServed = bytesServed
      self.polledRequests = polledRequests
    }
  }

  /// The guest's serial console.
  public var console = ConsoleScreen()
  /// The ring as the engine pictures it (nil until the guest's driver set the queue up).
  public var snapshot: QueueSnapshot?
  /// The trace entries of the latest change (their fields are marked in the ring picture).
  public var touched: [TraceEntry] = []
  public var counters = Counters()
  /// The event log, oldest first (at most ``logLimit`` lines).
  public private(set) var log: [GuestLogLine] = []
  public let logLimit = 300
  /// What the run is: `pattern "virtio-tutor " · EVENT_IDX · INDIRECT`, a fault.
  public var caption: String
  /// `booting`, `running`, `stopped (QEMU exited)` …
  public var phase: String = "booting"
  /// The ring error that stopped our device, if any.
  public var ringError: String?
  /// Whether Ctrl-A was pressed and the next key completes the chord.
  public var chordPending = false
  /// Whether the learner asked to leave.
  public var quitRequested = false
  public var size: Size
  /// Incremented by every change that alters the frame.
  public private(set) var revision = 0

  public init(caption: String, size: Size) {
    self.caption = caption
    self.size = size
  }

  mutating func touch() { revision &+= 1 }

  mutating func append(_ lines: [GuestLogLine]) {
    guard !lines.isEmpty else { return }
    log += lines
    if log.count > logLimit { log.removeFirst(log.count - logLimit) }
  }
}
