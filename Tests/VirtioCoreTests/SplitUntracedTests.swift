import Testing
@testable import VirtioCore

/// With the trace off the split ring's common operations reach the rings through one view per operation
/// (``SplitRingView``); they must leave exactly the bytes, the state and the errors the traced path leaves.
@Suite struct SplitUntracedTests {
  /// Runs the benchmark's cycle, batches and chains left in the ring for a while, laps around the ring several
  /// times; indirect tables (when negotiated) take the checked path.
  static func run(tracing: Bool, size: Int, features: VirtioFeatures, seed: UInt64) throws -> Virtqueue {
    var q = try Virtqueue(.init(size: size, offered: features, tracing: tracing))
    try q.initialize(accepting: features)
    var rng = SplitMix64(seed: seed)
    var input: [UInt8] = []
    for round in 0..<(4 * size) {
      let count = Int(rng.next() % 3) + 1
      let readable = (0..<max(1, count - 1)).map { _ in
        [UInt8](repeating: UInt8(truncatingIfNeeded: rng.next()), count: Int(rng.next() % 64) + 1)
      }
      let writable = count > 1 ? [Int(rng.next() % 64) + 1] : []
      guard (try? q.add(readable: readable, writable: writable)) != nil else {
        while try q.reclaimNext() != nil {}
        continue
      }
      try q.publish()
      _ = try q.kick()
      if round % 3 == 2 { continue }  // leave some chains in the ring for a while
      while try q.popHead() != nil {
        try q.readInFlight(into: &input)
        _ = try q.pushHead(length: writable.isEmpty ? 0 : UInt32(writable[0]), data: [UInt8](repeating: UInt8(round & 0xff), count: 64))
      }
      _ = try q.interrupt()
      while try q.reclaimNext(collectWritten: round % 2 == 0) != nil {}
    }
    return q
  }

  @Test(arguments: [1, 2, 4, 16])
  func untracedPathLeavesTheSameBytesAndState(size: Int) throws {
    for features in [[.version1], [.version1, .eventIdx], [.version1, .inOrder], [.version1, .indirectDesc]] as [VirtioFeatures] {
      let traced = try Self.run(tracing: true, size: size, features: features, seed: UInt64(size))
      let untraced = try Self.run(tracing: false, size: size, features: features, seed: UInt64(size))
      #expect(untraced.memory.bytes == traced.memory.bytes)
      #expect(untraced.driver == traced.driver && untraced.device == traced.device)
      #expect(untraced.counters == traced.counters && untraced.firstError == traced.firstError)
      #expect(untraced.trace.entries.isEmpty && !traced.trace.entries.isEmpty)
    }
  }

  /// A malformed ring written on purpose, then the operation that meets it.
  struct Corruption: Sendable, CustomStringConvertible {
    let field: RingField
    let value: UInt64
    let description: String
  }

  static let corruptions: [Corruption] = [
    .init(field: .availIdx, value: 9, description: "avail-index-jump"),
    .init(field: .availRing(0), value: 7, description: "head-out-of-range"),
    .init(field: .descriptor(0, .len), value: 0, description: "zero-length-buffer"),
    .init(field: .descriptor(0, .addr), value: 0xFFFF_FFFF_0000, description: "address-out-of-range"),
    .init(field: .descriptor(0, .flags), value: 1, description: "next with a next out of range"),
    .init(field: .descriptor(0, .flags), value: 4, description: "indirect-not-negotiated"),
  ]

  /// Builds the same queue of 4 with the trace on and with it off, lets `prepare` act on each, pops once, and expects
  /// both to end alike (the error, the device, the registers, every byte of guest memory); returns the traced error.
  func popTracedAndUntraced(_ prepare: (inout Virtqueue) throws -> Void) throws -> VirtqueueError? {
    func run(tracing: Bool) throws -> (Virtqueue, VirtqueueError?) {
      var q = try Virtqueue(.init(size: 4, offered: [.version1], tracing: tracing))
      try q.initialize(accepting: [.version1])
      try prepare(&q)
      do {
        _ = try q.popHead()
        return (q, nil)
      } catch {
        return (q, error)
      }
    }
    let (traced, tracedError) = try run(tracing: true)
    let (untraced, untracedError) = try run(tracing: false)
    #expect(untracedError == tracedError)
    #expect(untraced.device == traced.device && untraced.registers == traced.registers)
    #expect(untraced.memory.bytes == traced.memory.bytes)
    return tracedError
  }

  @Test(arguments: corruptions)
  func untracedPopReportsTheSameErrors(corruption: Corruption) throws {
    let error = try popTracedAndUntraced { q in
      try q.add(readable: [[1, 2, 3]], writable: [])
      try q.publish()
      if corruption.field == .descriptor(0, .flags) && corruption.value == 1 { try q.poke(.descriptor(0, .next), 9) }
      try q.poke(corruption.field, corruption.value)
    }
    #expect(error != nil)
  }

  @Test(arguments: [(UInt64(7), VirtqueueError.Kind.usedIDOutOfRange), (UInt64(2), .usedIDNotHead)])
  func untracedReclaimReportsTheSameErrors(id: UInt64, kind: VirtqueueError.Kind) throws {
    func run(tracing: Bool) throws -> (Virtqueue, VirtqueueError?) {
      var q = try Virtqueue(.init(size: 4, offered: [.version1], tracing: tracing))
      try q.initialize(accepting: [.version1])
      try q.add(readable: [[1, 2, 3]], writable: [])
      try q.publish()
      _ = try q.popHead()
      _ = try q.pushHead(length: 0)
      try q.poke(.usedRingID(0), id)
      do {
        _ = try q.reclaimNext()
        return (q, nil)
      } catch {
        return (q, error)
      }
    }
    let (traced, tracedError) = try run(tracing: true)
    let (untraced, untracedError) = try run(tracing: false)
    #expect(tracedError?.kind == kind)
    #expect(untracedError == tracedError)
    #expect(untraced.driver == traced.driver && untraced.driver.isBroken)
  }

  /// Malformed chains and a full device that need more than one poke: each must fail the same way on both paths
  /// (the untraced walk and pop repeat these checks; without them the untraced pop would loop, accept the chain or
  /// overrun the in-flight queue).
  enum Scenario: String, CaseIterable, Sendable {
    case loopedDescriptor = "looped-descriptor"
    case readableAfterWritable = "readable-after-writable"
    case tooManyInFlight = "too-many-in-flight"

    var kind: VirtqueueError.Kind {
      switch self {
      case .loopedDescriptor: return .loopedDescriptor
      case .readableAfterWritable: return .readableAfterWritable
      case .tooManyInFlight: return .tooManyInFlight
      }
    }

    /// Builds the ring on a fresh queue of size 4, up to the pop that meets the problem.
    func prepare(_ q: inout Virtqueue) throws {
      switch self {
      case .loopedDescriptor:
        // desc[0] -> desc[1] -> desc[1] -> ... (writable, so that only the walk's bound stops it)
        try q.add(readable: [[1, 2, 3]], writable: [8])
        try q.publish()
        try q.poke(.descriptor(1, .flags), UInt64(DescriptorFlags([.write, .next]).rawValue))
        try q.poke(.descriptor(1, .next), 1)
      case .readableAfterWritable:
        try q.add(readable: [[1, 2, 3]], writable: [8])
        try q.publish()
        try q.poke(.descriptor(0, .flags), UInt64(DescriptorFlags([.write, .next]).rawValue))
        try q.poke(.descriptor(1, .flags), 0)
      case .tooManyInFlight:
        for _ in 0..<4 { try q.add(readable: [[1, 2, 3]], writable: []) }
        try q.publish()
        for _ in 0..<4 { _ = try q.popHead() }
        // One more entry made available, while all four heads are already in flight.
        try q.poke(.availIdx, 5)
      }
    }
  }

  @Test(arguments: Scenario.allCases)
  func untracedPopReportsTheSameErrorsForMalformedChains(scenario: Scenario) throws {
    #expect(try popTracedAndUntraced(scenario.prepare)?.kind == scenario.kind)
  }

  /// A reclaimed chain gives its buffers back in runs of adjacent buffers (one release per run): the allocator must
  /// end with exactly the free extents that releasing every buffer on its own leaves, whatever the sizes (alignment
  /// gaps between buffers), the chains left in flight and the order the device completes them in.
  @Test(arguments: [false, true])
  func reclaimedBuffersLeaveTheFreeListAsSingleReleasesDo(tracing: Bool) throws {
    var q = try Virtqueue(.init(size: 8, offered: [.version1], tracing: tracing))
    try q.initialize(accepting: [.version1])
    var reference = q.driver.allocator
    var buffers: [UInt16: [DescriptorChain.Buffer]] = [:]
    var rng = SplitMix64(seed: 11)
    for _ in 0..<400 {
      if q.driver.numFree >= 4 {
        let count = Int(rng.next() % 4) + 1
        let readable = (0..<Int(rng.next() % UInt64(count) + 1)).map { _ in [UInt8](repeating: 1, count: Int(rng.next() % 100) + 1) }
        let writable = (readable.count..<count).map { _ in Int(rng.next() % 100) + 1 }
        let head = try q.add(readable: readable, writable: writable)
        let chain = try #require(q.driver.outstanding(head: head)).buffers
        for b in chain { #expect(reference.allocate(UInt64(b.length), alignment: 16) == b.address) }
        buffers[head] = chain
        try q.publish()
        while try q.popHead() != nil {}
      }
      if rng.next() % 2 == 0, q.device.inFlightCount > 0 {
        let heads = q.device.inFlightHeads.heads
        _ = try q.pushHead(length: 0, head: heads[Int(rng.next() % UInt64(heads.count))])
        while let used = try q.reclaimNext(collectWritten: false) {
          for b in buffers.removeValue(forKey: used.head) ?? [] { reference.release(b.address, length: UInt64(b.length)) }
          #expect(q.driver.allocator == reference)
        }
      }
    }
    #expect(!buffers.isEmpty || q.driver.allocator.free == [q.driver.allocator.region])
  }
}
