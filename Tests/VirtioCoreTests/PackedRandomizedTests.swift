import Testing
@testable import VirtioCore

/// Seeded random packed-ring runs: valid sequences keep the invariants; random corruption never traps.
@Suite struct PackedRandomizedTests {
  static let sizes = [1, 3, 4, 7, 8, 16]
  static let featureSets: [VirtioFeatures] = [[], [.indirectDesc], [.eventIdx], [.inOrder], [.indirectDesc, .eventIdx, .inOrder]]

  /// One random run. Returns the error that ended it, if any. `corrupt` is the chance per step of a random byte
  /// written into the ring or an event structure.
  @discardableResult
  static func run(seed: UInt64, size: Int, features: VirtioFeatures, steps: Int, corrupt: Double, check: Bool) throws -> VirtqueueError? {
    var rng = SplitMix64(seed: seed)
    var h = try PackedHarness(size: size, features: features)
    var outstanding: [UInt16: Int] = [:]  // id → ring slots, the model of what the driver lent out
    var added = 0, popped = 0, flushed = 0, reclaimed = 0
    func lap(_ n: Int) -> Bool { (n / size) % 2 == 0 }
    do {
      for _ in 0..<steps {
        if corrupt > 0, Double(rng.next() % 1000) < corrupt * 1000 {
          let span = h.layout.end - h.layout.descriptorRing
          try h.memory.store(UInt8(truncatingIfNeeded: rng.next()), at: h.layout.descriptorRing + rng.next() % span)
        }
        switch rng.next() % 7 {
        case 0, 1:
          let count = Int(rng.next() % 3) + 1
          let readable = Int(rng.next() % UInt64(count + 1))
          let data = (0..<readable).map { _ in [UInt8](repeating: UInt8(truncatingIfNeeded: rng.next()), count: Int(rng.next() % 64) + 1) }
          let sizes = (0..<(count - readable)).map { _ in Int(rng.next() % 64) + 1 }
          let free = h.driver.numFree
          do {
            let id = try h.add(readable: data, writable: sizes)
            let slots = h.driver.outstanding(id)!.slots.count
            if check { #expect(outstanding[id] == nil, "id \(id) handed out twice") }
            outstanding[id] = slots
            added += slots
          } catch where error.kind == .queueFull {
            if check { #expect(free < (h.driver.usesIndirect(bufferCount: count) ? 1 : count)) }
          }
        case 2: try h.publish()
        case 3:
          if let chain = try h.pop() {
            popped += h.device.inFlight.last!.descriptorCount
            var seenWritable = false
            for b in chain.buffers {  // a popped chain is always a valid one
              #expect(b.length > 0 && h.memory.contains(b.address, length: UInt64(b.length)))
              #expect(b.isWritable || !seenWritable)
              seenWritable = seenWritable || b.isWritable
            }
          }
        case 4:
          let inOrder = features.contains(.inOrder)
          guard !h.device.inFlight.isEmpty else { break }
          let element = inOrder ? h.device.inFlight[0] : h.device.inFlight[Int(rng.next() % UInt64(h.device.inFlight.count))]
          let capacity = Int(min(element.chain.writableLength, 4096))
          let n = inOrder ? capacity : Int(rng.next() % UInt64(capacity + 1))
          let bytes = (0..<n).map { UInt8(truncatingIfNeeded: Int(element.chain.head) &+ $0) }
          try h.device.writeWritable(bytes, into: element.chain, memory: &h.memory, trace: &h.trace)
          h.device.fill(id: element.chain.head, length: UInt32(n))
        case 5:
          flushed += h.device.filled.reduce(0) { $0 + $1.descriptorCount }
          try h.flush()
        default:
          if let used = try h.driver.reclaimOne(memory: &h.memory, trace: &h.trace) {
            if check {
              #expect(outstanding[used.head] != nil, "id \(used.head) returned but not lent out")
              #expect(used.written == (0..<Int(used.length)).map { UInt8(truncatingIfNeeded: Int(used.head) &+ $0) })
            }
            reclaimed += outstanding.removeValue(forKey: used.head) ?? 0
          }
        }
        guard check else { continue }
        #expect(h.driver.numFree == size - outstanding.values.reduce(0, +))
        #expect(Set(outstanding.keys) == Set((0..<UInt16(size)).filter { h.driver.isOutstanding($0) }))
        #expect(h.driver.nextAvailIdx == added % size && h.driver.availWrapCounter == lap(added))
        #expect(h.device.lastAvailIdx == popped % size && h.device.availWrapCounter == lap(popped))
        #expect(h.device.usedIdx == flushed % size && h.device.usedWrapCounter == lap(flushed))
        #expect(h.driver.lastUsedIdx == reclaimed % size && h.driver.usedWrapCounter == lap(reclaimed))
      }
      guard check else { return nil }
      // Drain: nothing lost, everything comes back.
      try h.publish()
      while try h.pop() != nil {}
      while let e = h.device.inFlight.first {
        let n = features.contains(.inOrder) ? Int(min(e.chain.writableLength, 4096)) : 0
        try h.device.writeWritable((0..<n).map { UInt8(truncatingIfNeeded: Int(e.chain.head) &+ $0) }, into: e.chain, memory: &h.memory, trace: &h.trace)
        h.device.fill(length: UInt32(n))
      }
      try h.flush()
      for used in try h.reclaim() { outstanding.removeValue(forKey: used.head) }
      #expect(outstanding.isEmpty && h.driver.numFree == size && h.driver.outstandingCount == 0)
      return nil
    } catch {
      if check { Issue.record("valid run \(seed) failed: \(error)") }
      return error
    }
  }

  @Test(arguments: sizes)
  func validSequencesKeepTheInvariants(size: Int) throws {
    for (n, features) in Self.featureSets.enumerated() {
      for seed in 0..<UInt64(8) {
        try Self.run(seed: seed &* 7919 &+ UInt64(size * 100 + n), size: size, features: features, steps: 300, corrupt: 0, check: true)
      }
    }
  }

  @Test func randomCorruptionNeverTraps() throws {
    let allowed: Set<VirtqueueError.Kind> = [
      .zeroLengthBuffer, .readableAfterWritable, .loopedDescriptor, .indirectBadSize, .indirectTooLarge, .nestedIndirect,
      .indirectNotNegotiated, .indirectWithNext, .addressOutOfRange, .tooManyInFlight, .usedIDOutOfRange, .usedIDNotHead,
    ]
    var seen: Set<VirtqueueError.Kind> = []
    var clean = 0
    for seed in 0..<UInt64(400) {
      let size = Self.sizes[Int(seed) % Self.sizes.count]
      let features = Self.featureSets[Int(seed / 6) % Self.featureSets.count]
      if let error = try Self.run(seed: seed, size: size, features: features, steps: 200, corrupt: 0.1, check: false) {
        #expect(allowed.contains(error.kind), "seed \(seed): \(error)")
        seen.insert(error.kind)
      } else {
        clean += 1
      }
    }
    #expect(seen.count >= 5 && clean > 0, "errors seen: \(seen.map(\.rawValue).sorted()), clean runs \(clean)")
  }
}
