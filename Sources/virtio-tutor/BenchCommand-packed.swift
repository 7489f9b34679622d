import ArgumentParser
import CVringBench
import VirtioCore

/// The packed-ring half of `bench engine`: the same cycle on a packed queue, Swift against C over
/// `struct vring_packed_desc`, in the same run.
extension EngineBench {
  func runPacked() throws {
    for buffers in [1, 3] {
      for eventIdx in [false, true] {
        let c = measurePackedC(buffers: buffers, eventIdx: eventIdx)
        emit(["impl": "c", "format": "packed", "buffers": buffers, "event_idx": eventIdx, "chains_per_sec": c.rounded()])
        for tracing in untracedOnly ? [false] : [false, true] {
          let swift = try measurePackedSwift(buffers: buffers, eventIdx: eventIdx, tracing: tracing)
          emit([
            "impl": "swift", "format": "packed", "buffers": buffers, "event_idx": eventIdx, "trace": tracing,
            "chains_per_sec": swift.rounded(), "swift_over_c": (swift / c * 1000).rounded() / 1000,
          ])
        }
      }
    }
  }

  func measurePackedC(buffers: Int, eventIdx: Bool) -> Double {
    let n = Int64(cycles) * 10
    _ = cvring_packed_run(Int32(size), Int32(buffers), eventIdx ? 1 : 0, n / 10)  // warm-up
    let start = ContinuousClock.now
    let done = cvring_packed_run(Int32(size), Int32(buffers), eventIdx ? 1 : 0, n)
    let seconds = (ContinuousClock.now - start).seconds
    return done == n ? Double(n) / seconds : 0
  }

  func measurePackedSwift(buffers: Int, eventIdx: Bool, tracing: Bool) throws -> Double {
    let features: VirtioFeatures = eventIdx ? [.version1, .ringPacked, .eventIdx] : [.version1, .ringPacked]
    var q = try PackedVirtqueue(.init(size: size, offered: features, tracing: tracing))
    try q.initialize(accepting: features)
    q.setIndirectPolicy(.never)
    if eventIdx {  // both sides ask for DESC, as the C cycle sets them up
      try q.setNotifications(enabled: true)
      try q.setInterrupts(enabled: false)
      try q.setInterrupts(enabled: true)
    }
    let payload = [UInt8]((0..<64).map { UInt8($0) })
    let reply = [UInt8]((0..<64).map { UInt8(255 - $0) })
    let readable = Array(repeating: payload, count: buffers == 1 ? 1 : buffers - 1)
    let writable = buffers == 1 ? [] : [64]
    let count = tracing ? max(1, cycles / 10) : cycles
    var input: [UInt8] = []  // the device's own buffer, as in the split cycle
    let start = ContinuousClock.now
    for _ in 0..<count {
      try q.add(readable: readable, writable: writable)
      try q.publish()
      _ = try q.kick()
      // Buffer IDs, not chain values, as in the split cycle: the device keeps the chain (QEMU's element).
      _ = try q.popID()
      try q.readInFlight(into: &input)
      _ = try q.pushID(length: writable.isEmpty ? 0 : 64, data: reply)
      _ = try q.interrupt()
      guard try q.reclaimNext(collectWritten: false) != nil, try q.reclaimNext(collectWritten: false) == nil else {
        throw ValidationError("packed engine lost a chain")
      }
      if tracing { q.trace.removeAll() }
    }
    return Double(count) / (ContinuousClock.now - start).seconds
  }
}
