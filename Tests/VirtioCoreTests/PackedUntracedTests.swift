import Testing
@testable import VirtioCore

/// With the trace off the packed ring is reached through one pointer per operation (``PackedRingPort``); it must
/// leave exactly the bytes and the state the traced, checked path leaves.
@Suite struct PackedUntracedTests {
  /// Runs the benchmark's cycle and a few batches on a queue, laps around the ring several times.
  static func run(tracing: Bool, size: Int, features: VirtioFeatures, seed: UInt64) throws -> PackedVirtqueue {
    var q = try PackedVirtqueue(.init(size: size, offered: features, tracing: tracing))
    try q.initialize(accepting: features)
    if features.contains(.eventIdx) {
      try q.setNotifications(enabled: true)
      try q.setInterrupts(enabled: false)
      try q.setInterrupts(enabled: true)
    }
    var rng = SplitMix64(seed: seed)
    var input: [UInt8] = []
    for round in 0..<(4 * size) {
      let count = Int(rng.next() % 3) + 1
      let readable = (0..<max(1, count - 1)).map { _ in [UInt8](repeating: UInt8(truncatingIfNeeded: rng.next()), count: Int(rng.next() % 64) + 1) }
      let writable = count > 1 ? [Int(rng.next() % 64) + 1] : []
      guard (try? q.add(readable: readable, writable: writable)) != nil else {
        while try q.reclaimNext() != nil {}
        continue
      }
      try q.publish()
      _ = try q.kick()
      if round % 3 == 2 { continue }  // leave some chains in the ring for a while
      while try q.popID() != nil {
        try q.readInFlight(into: &input)
        _ = try q.pushID(length: writable.isEmpty ? 0 : UInt32(writable[0]), data: [UInt8](repeating: UInt8(round & 0xff), count: 64))
      }
      _ = try q.interrupt()
      while try q.reclaimNext() != nil {}
    }
    return q
  }

  @Test(arguments: [1, 3, 4, 7, 16])
  func untracedPathLeavesTheSameBytesAndState(size: Int) throws {
    for features in [[.version1], [.version1, .eventIdx], [.version1, .inOrder]] as [VirtioFeatures] {
      let traced = try Self.run(tracing: true, size: size, features: features, seed: UInt64(size))
      let untraced = try Self.run(tracing: false, size: size, features: features, seed: UInt64(size))
      #expect(untraced.memory.bytes == traced.memory.bytes)
      #expect(untraced.driver == traced.driver && untraced.device == traced.device)
      #expect(untraced.counters == traced.counters && untraced.firstError == traced.firstError)
      #expect(untraced.trace.entries.isEmpty && !traced.trace.entries.isEmpty)
    }
  }
}
