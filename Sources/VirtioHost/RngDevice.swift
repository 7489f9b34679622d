import Synchronization
import VirtioCore

/// A virtio entropy device (VIRTIO 1.x 5.4) served by the engine's ``SplitDevice``: every chain must offer
/// device-writable buffers, which the device fills with ``pattern`` so the learner recognises the bytes in the
/// guest. Errors from the engine (a malformed ring, a descriptor outside guest RAM) mark the queue broken, as
/// QEMU's `virtio_error` does; the device then serves nothing until the ring is set up again.
public final class RngDevice: @unchecked Sendable {
  /// Counts since the device was created.
  public struct Counters: Equatable, Sendable {
    /// Kick eventfd wake-ups.
    public var kicks = 0
    /// Call eventfd writes.
    public var interrupts = 0
    /// Interrupt decisions that said no (EVENT_IDX `used_event` or NO_INTERRUPT).
    public var interruptsSuppressed = 0
    /// Chains taken from the available ring and returned on the used ring.
    public var requestsServed = 0
    /// Bytes written into the guest's buffers.
    public var bytesServed = 0
    /// Requests the device found by polling with notifications off (the driver posted them without a kick).
    public var polledRequests = 0

    /// The counts since `earlier` (each field's difference).
    public func since(_ earlier: Counters) -> Counters {
      var d = Counters()
      d.kicks = kicks - earlier.kicks
      d.interrupts = interrupts - earlier.interrupts
      d.interruptsSuppressed = interruptsSuppressed - earlier.interruptsSuppressed
      d.requestsServed = requestsServed - earlier.requestsServed
      d.bytesServed = bytesServed - earlier.bytesServed
      d.polledRequests = polledRequests - earlier.polledRequests
      return d
    }
  }

  /// What the device writes, repeated, into every buffer (from its start).
  public let pattern: [UInt8]
  /// The deliberate bug, if any.
  public let fault: DeviceFault?
  /// Whether the engine records its trace (the live view needs it; the benchmark measures both).
  public let tracing: Bool
  /// How long the device polls the available ring after serving before it sleeps (``NotificationPolling``).
  public var polling: NotificationPolling {
    didSet { pollingWindow = polling.makeWindow() }
  }
  /// The adaptive polling window between serve calls (``PollingWindow``), when ``polling`` adapts.
  public internal(set) var pollingWindow: PollingWindow?
  /// Counters.
  public internal(set) var counters = Counters()
  /// The first error since the ring was attached, if any.
  public internal(set) var error: VirtqueueError?
  /// The most recent trace entries (at least the last ``traceLimit``, at most twice that), for the live view;
  /// made when read (``RecentTrace``).
  public var recentTrace: [TraceEntry] { kept.entries(current: queue?.trace) }
  /// How many trace entries ``recentTrace`` keeps at least.
  public var traceLimit: Int { kept.limit }
  /// How many trace entries were recorded in all (a live view takes the last `traceTotal - seen` of
  /// ``recentTrace``; the engine's own sequence numbers restart when the ring is set up again).
  public var traceTotal: Int { kept.total(current: queue?.trace) }
  private var kept = RecentTrace(limit: 400)
  var queue: EngineQueue?
  /// The run as a replayable script (``RunRecorder``), when recording.
  public internal(set) var recorder: RunRecorder?
  var events: [BackendEvent] = []
  private var fill: [UInt8] = []

  /// `recording` keeps the run as a script (``recorder``); it needs the trace, so it switches tracing on.
  public init(
    pattern: [UInt8], fault: DeviceFault? = nil, tracing: Bool = true, recording: Bool = false,
    polling: NotificationPolling = .standard
  ) {
    self.pattern = pattern.isEmpty ? Array("virtio-tutor ".utf8) : pattern
    self.fault = fault
    self.tracing = tracing || recording
    self.polling = polling
    pollingWindow = polling.makeWindow()
    recorder = recording ? RunRecorder() : nil
    fill = Self.repeated(self.pattern, count: 4096)
  }

  static func repeated(_ pattern: [UInt8], count: Int) -> [UInt8] {
    (0..<count).map { pattern[$0 % pattern.count] }
  }

  /// Whether the queue stopped after an error.
  public var isBroken: Bool { error != nil }
  /// The device's `last_avail_idx`, while a ring is attached.
  public var lastAvailIdx: UInt16? { queue?.device.lastAvailIdx }
  /// The device's `used_idx`, while a ring is attached.
  public var usedIdx: UInt16? { queue?.device.usedIdx }
  /// The ring layout, while attached.
  public var layout: SplitLayout? { queue?.device.layout }
  /// The negotiated features, while attached.
  public var features: VirtioFeatures? { queue?.device.features }
  /// Requests the driver has made available that the device has not taken yet (`avail.idx` in guest RAM minus
  /// `last_avail_idx`, VIRTIO 1.x 2.7.6), while a ring is attached; nil without a ring or when RAM cannot be read.
  public var pendingRequests: Int? {
    guard let q = queue, let availIdx: UInt16 = try? q.memory.load(at: q.device.layout.availIdx) else { return nil }
    return Int(availIdx &- q.device.lastAvailIdx)
  }
  /// Guest memory and the device, while attached (for the live ring view and the end-of-run checks).
  public var engineState: (memory: GuestMemory, device: SplitDevice)? { queue.map { ($0.memory, $0.device) } }

  func takeEvents() -> [BackendEvent] {
    defer { events = [] }
    return events
  }

  func countKick() {
    counters.kicks += 1
    if pollingWindow != nil { pollingWindow?.requestArrived(at: Monotonic.now) }
    recorder?.kick()
  }

  /// Starts serving a ring (the back end calls this when the ring starts or its memory changes).
  func attach(memory: MemoryTable, layout: SplitLayout, features: VirtioFeatures, lastAvailIdx: UInt16) {
    let resume = queue?.device.lastAvailIdx ?? lastAvailIdx
    detach()
    do {
      queue = try EngineQueue(table: memory, layout: layout, features: features, lastAvailIdx: resume, tracing: tracing)
      error = nil
      if let q = queue {
        let top = memory.regions.map { $0.guestPhysicalAddress &+ UInt64($0.size) }.max() ?? 0
        recorder?.start(layout: layout, features: features, memorySize: top, lastAvailIdx: resume, usedIdx: q.device.usedIdx)
      }
      events.append(BackendEvent(.device, "ring of \(layout.size) at desc \(hexString(layout.descriptorTable)) avail \(hexString(layout.availRing)) used \(hexString(layout.usedRing)), features \(features), last_avail_idx \(resume)"))
    } catch {
      queue = nil
      fail(error)
    }
  }

  func detach() {
    if let q = queue { kept.retire(q.trace) }
    queue = nil
  }

  /// Fills the chain at `head` with the pattern and returns it on the used ring (or, with a ``fault``, returns a
  /// forged used element instead).
  func serve(_ head: UInt16, queue q: inout EngineQueue) throws(VirtqueueError) {
    let start = q.trace.count
    let length = Int(clamping: q.device.writableLength(head: head))
    if fill.count < length { fill = Self.repeated(pattern, count: length) }
    let written = try q.device.writeWritable(fill, head: head, memory: &q.memory, trace: &q.trace)
    atomicMemoryFence(ordering: .sequentiallyConsistent)  // buffer contents before the used element
    if let fault {
      try pushForged(head, written: written, fault: fault, queue: &q)
      return
    }
    _ = try q.device.pushHead(head, length: UInt32(written), memory: &q.memory, trace: &q.trace)
    recorder?.record(.push(length: UInt32(written), data: Array(fill.prefix(written))), entries: q.trace.entries[start...])
    counters.requestsServed += 1
    counters.bytesServed += written
    if !tracing { return }
    events.append(BackendEvent(served: .init(head: head, bytes: written, lastAvailIdx: q.device.lastAvailIdx, usedIdx: q.device.usedIdx)))
  }

  /// The fault: the engine writes a used element whose id breaks the rules, then `used.idx` + 1
  /// (``SplitDevice/pushForged(id:length:memory:trace:)``, traced as pokes of the used ring), and the device stops
  /// serving. The chain really taken stays in flight.
  private func pushForged(_ head: UInt16, written: Int, fault: DeviceFault, queue q: inout EngineQueue) throws(VirtqueueError) {
    let start = q.trace.count
    let slot = q.device.layout.slot(q.device.usedIdx)
    let id = fault.badID(head: head, size: q.device.layout.size)
    let why = "device fault \(fault.rawValue): used.ring[\(slot)] = {id \(id), len \(written)} for chain \(head)"
    q.trace.record(TraceEntry(role: .device, kind: .note, detail: why))
    try q.device.pushForged(id: id, length: UInt32(written), memory: &q.memory, trace: &q.trace)
    recorder?.record(.forged(why), entries: q.trace.entries[start...])
    counters.requestsServed += 1
    events.append(BackendEvent(.device, "FAULT \(fault.rawValue): used.ring[\(slot)] = {id \(id), len \(written)} for chain \(head); used.idx → \(q.device.usedIdx)"))
    error = VirtqueueError(.queueBroken, "device fault \(fault.rawValue) injected: the device stops serving")
  }

  /// `device pop`, recorded (an error entry, recorded by the caller's catch, ends the recording).
  func popRecorded(_ q: inout EngineQueue) throws(VirtqueueError) -> UInt16? {
    let start = q.trace.count
    let head = try q.device.popHead(memory: &q.memory, trace: &q.trace)
    recorder?.record(.pop, entries: q.trace.entries[start...])
    return head
  }

  func fail(_ e: VirtqueueError) {
    if error == nil { error = e }
    events.append(BackendEvent(.error, "\(e.kind.rawValue): \(e.message); the queue is broken until the guest resets the device"))
  }

  /// At the end of a serve call: the trace stays in the queue for the live view (``RecentTrace``).
  func keep(_ trace: inout Trace) {
    if trace.isEnabled { kept.roll(&trace) }
  }
}
