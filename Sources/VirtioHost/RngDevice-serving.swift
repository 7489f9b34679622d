import Synchronization
import VirtioCore

extension RngDevice {
  /// Serves the ring once without polling; returns whether the driver was interrupted (tests, replays).
  func serve() -> Bool {
    var interrupted = false
    var poller = Immediate()
    _ = serve(poller: &poller) { interrupted = true }
    return interrupted
  }

  /// Serves every available chain with available-buffer notifications off, calling `interrupt` after each batch
  /// the driver must hear about; then, while `poller` says so, polls `avail.idx` (notifications still off, so a
  /// request posted now costs the driver no notify) and serves what arrives. Before it returns to sleep it
  /// re-enables notifications, fences and checks `avail.idx` once more, serving anything that slipped in (the
  /// driver publishes `avail.idx`, fences, then reads `used.flags` / `avail_event`: one of the two sides sees the
  /// other's write, VIRTIO 1.x 2.7.10). Returns true when the poller ended the call with work possibly left and
  /// notifications still off: the caller must serve again without waiting for a kick.
  ///
  /// The queue is taken out of ``queue`` while it is served, so that its storage (the chains in flight, the
  /// trace) is uniquely referenced and mutated in place: a copy left behind would make every request copy it.
  func serve<P: ServePoller>(poller: inout P, interrupt: () -> Void) -> Bool {
    guard error == nil, var q = queue.take() else { return false }
    var pending = false
    var total = 0
    do {
      try setNotifications(false, &q)
      while true {
        atomicMemoryFence(ordering: .sequentiallyConsistent)  // read avail.idx afresh
        var pushed = 0
        while let head = try popRecorded(&q) {
          try serve(head, queue: &q)
          pushed += 1
          if error != nil { break }
        }
        total += pushed
        if pushed > 0, try decideInterrupt(&q) { interrupt() }
        if error != nil { break }  // a fault: the queue is broken, nothing more is served
        if pushed > 0 {
          guard poller.consult(.served(requests: total)) else {
            pending = true  // notifications stay off: the caller comes back at once
            break
          }
          if try poll(&q, &poller) { continue }
        }
        try setNotifications(true, &q)
        atomicMemoryFence(ordering: .sequentiallyConsistent)  // avail_event / flags before the re-check
        _ = poller.consult(.enabled)
        let availIdx: UInt16 = try q.memory.load(at: q.device.layout.availIdx)
        if availIdx == q.device.lastAvailIdx { break }  // nothing arrived while notifications were off
        try setNotifications(false, &q)
      }
    } catch {
      fail(error)
      q.trace.record(TraceEntry(role: .device, kind: .error, detail: error.message, error: error.kind))
      recorder?.record(.pop, entries: q.trace.entries.suffix(1))
      pending = false
    }
    keep(&q.trace)
    queue = q
    return pending
  }

  /// Polls `avail.idx` (untraced loads: a poll is not a ring operation) while the poller says so; true when a
  /// request arrived, which is then traced as caught by polling.
  private func poll<P: ServePoller>(_ q: inout EngineQueue, _ poller: inout P) throws(VirtqueueError) -> Bool {
    var spins = 0
    while poller.consult(.window(spins: spins)) {
      q.memory.acquireFence()
      let availIdx: UInt16 = try q.memory.load(at: q.device.layout.availIdx)
      if availIdx != q.device.lastAvailIdx {
        let last = q.device.lastAvailIdx
        q.trace.record(
          TraceEntry(
            role: .device, kind: .note,
            detail: "device polling with notifications off saw avail.idx \(availIdx) (last_avail_idx \(last)): the driver posted without a kick"))
        recorder?.note("polled: the guest's driver posted while notifications were off (no kick)")
        counters.polledRequests += Int(availIdx &- last)
        _ = poller.consult(.found(spins: spins))
        return true
      }
      spins += 1
    }
    return false
  }

  /// `device notifications on|off` through the engine's device (traced and recorded).
  private func setNotifications(_ enabled: Bool, _ q: inout EngineQueue) throws(VirtqueueError) {
    let mark = q.trace.count
    try q.device.setNotifications(enabled: enabled, memory: &q.memory, trace: &q.trace)
    recorder?.record(.notifications(enabled), entries: q.trace.entries[mark...])
  }

  /// The engine's interrupt decision (EVENT_IDX `used_event` or NO_INTERRUPT), counted and recorded.
  private func decideInterrupt(_ q: inout EngineQueue) throws(VirtqueueError) -> Bool {
    atomicMemoryFence(ordering: .sequentiallyConsistent)
    let start = q.trace.count
    let interrupt = try q.device.shouldInterrupt(memory: &q.memory, trace: &q.trace)
    recorder?.record(.interrupt, entries: q.trace.entries[start...])
    if interrupt { counters.interrupts += 1 } else { counters.interruptsSuppressed += 1 }
    return interrupt
  }

  /// No polling, no burst bound (``serve()``).
  private struct Immediate: ServePoller {
    mutating func consult(_ point: PollPoint) -> Bool {
      switch point {
      case .served, .found: return true
      case .window, .enabled: return false
      }
    }
  }
}
