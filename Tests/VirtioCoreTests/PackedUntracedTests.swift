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

  /// A hostile value in `desc[0]` after the driver published one chain, and the error the device's pop reports.
  struct Corruption: Sendable, CustomStringConvertible {
    let part: PackedDescriptorPart
    let value: UInt64
    let description: String
  }

  static let corruptions: [Corruption] = [
    .init(part: .len, value: 0, description: "zero-length-buffer"),
    .init(part: .addr, value: 0xFFFF_FFFF_0000, description: "address-out-of-range"),
    .init(part: .flags, value: 0x0080 | 0x0004, description: "indirect-not-negotiated"),
    .init(part: .flags, value: 0x0080 | 0x0004 | 0x0001, description: "indirect with next, INDIRECT_DESC on"),
    .init(part: .flags, value: 0x0080 | 0x0001, description: "next into a slot written readable after writable"),
  ]

  /// A harness whose trace is on or off, with a two-buffer chain (readable, writable) published at slot 0.
  static func published(tracing: Bool, features: VirtioFeatures = [.version1]) throws -> PackedHarness {
    var h = try PackedHarness(size: 4, features: features)
    h.trace = Trace(enabled: tracing)
    try h.add(readable: [[1, 2, 3]], writable: [8])
    try h.publish()
    return h
  }

  @Test(arguments: corruptions)
  func untracedPopReportsTheSameErrors(corruption: Corruption) throws {
    func run(tracing: Bool) throws -> (PackedHarness, VirtqueueError?) {
      let features: VirtioFeatures = corruption.description.contains("INDIRECT_DESC") ? [.version1, .indirectDesc] : [.version1]
      var h = try Self.published(tracing: tracing, features: features)
      // desc[1] (the writable buffer) chains on to desc[2], which is then read as a readable buffer after it.
      if corruption.description.hasPrefix("next") {
        try h.poke(.descriptor(1, .flags), 0x0080 | 0x0002 | 0x0001)
        try h.poke(.descriptor(2, .len), 4)
        try h.poke(.descriptor(2, .addr), 0x9000)
      }
      try h.poke(.descriptor(0, corruption.part), corruption.value)
      do {
        _ = try h.pop()
        return (h, nil)
      } catch {
        return (h, error)
      }
    }
    let (traced, tracedError) = try run(tracing: true)
    let (untraced, untracedError) = try run(tracing: false)
    #expect(tracedError != nil)
    #expect(untracedError == tracedError)
    #expect(untraced.device == traced.device && untraced.device.resolved.end == traced.device.resolved.end)
    #expect(untraced.memory.bytes == traced.memory.bytes)
  }

  @Test func untracedPopRefusesMoreChainsThanTheQueueHoldsAsTheTracedOneDoes() throws {
    func run(tracing: Bool) throws -> (PackedHarness, VirtqueueError?) {
      var h = try PackedHarness(size: 2, features: [.version1])
      h.trace = Trace(enabled: tracing)
      try h.add(readable: [[1]])
      try h.publish()
      _ = try h.pop()
      // A hostile driver marks slot 1 available without the ring having room for it in flight... twice over.
      try h.poke(.descriptor(1, .len), 1)
      try h.poke(.descriptor(1, .addr), 0x9000)
      try h.poke(.descriptor(1, .flags), 0x0080)
      _ = try h.pop()
      try h.poke(.descriptor(0, .flags), 0x8000)  // slot 0 again, for the flipped wrap counter
      do {
        _ = try h.pop()
        return (h, nil)
      } catch {
        return (h, error)
      }
    }
    let (traced, tracedError) = try run(tracing: true)
    let (untraced, untracedError) = try run(tracing: false)
    #expect(tracedError?.kind == .tooManyInFlight)
    #expect(untracedError == tracedError)
    #expect(untraced.device == traced.device)
  }

  @Test(arguments: [(UInt64(7), VirtqueueError.Kind.usedIDOutOfRange), (UInt64(2), .usedIDNotHead)])
  func untracedReclaimReportsTheSameErrors(id: UInt64, kind: VirtqueueError.Kind) throws {
    func run(tracing: Bool) throws -> (PackedHarness, VirtqueueError?) {
      var h = try Self.published(tracing: tracing)
      _ = try h.pop()
      try h.push(length: 0)
      try h.poke(.descriptor(0, .id), id)
      do {
        _ = try h.driver.reclaimOne(memory: &h.memory, trace: &h.trace)
        return (h, nil)
      } catch {
        return (h, error)
      }
    }
    let (traced, tracedError) = try run(tracing: true)
    let (untraced, untracedError) = try run(tracing: false)
    #expect(tracedError?.kind == kind)
    #expect(untracedError == tracedError)
    #expect(untraced.driver == traced.driver && untraced.driver.isBroken)
  }

  /// The kick and interrupt decisions read the event structures through the view: the same answers as the traced
  /// path for every flags value and for off_wrap on either side of the new index, with either wrap bit.
  @Test func untracedKickAndInterruptDecideAsTheTracedPathDoes() throws {
    for flags in [PackedEvent.enable, PackedEvent.disable, PackedEvent.desc, 3] as [UInt16] {
      for offWrap in [0, 1, 2, 0x8000, 0x8001, 0x8002] as [UInt16] {
        var answers: [[Bool]] = []
        for tracing in [true, false] {
          var h = try Self.published(tracing: tracing, features: [.version1, .eventIdx])
          try h.poke(.deviceEvent(.flags), UInt64(flags))
          try h.poke(.deviceEvent(.offWrap), UInt64(offWrap))
          try h.poke(.driverEvent(.flags), UInt64(flags))
          try h.poke(.driverEvent(.offWrap), UInt64(offWrap))
          let kick = try h.kick()
          _ = try h.pop()
          try h.push(length: 8)
          let first = try h.interrupt()
          let second = try h.interrupt()
          answers.append([kick, first, second, h.device.signalledUsedValid])
        }
        #expect(answers[0] == answers[1], "flags \(flags) off_wrap \(offWrap)")
      }
    }
  }
}

/// Host memory for a test region (zeroed, freed with the last reference).
private final class HostBytes {
  let base: UnsafeMutableRawPointer
  init(_ size: Int) {
    base = .allocate(byteCount: size, alignment: 4096)
    base.initializeMemory(as: UInt8.self, repeating: 0, count: size)
  }
  deinit { base.deallocate() }
}

extension PackedUntracedTests {
  /// The view is taken only when the ring and both event structures are in the hot region (one test of the range
  /// from the lowest part to the end of the highest). With one event structure in a second, smaller region the
  /// untraced operations must take the checked path and leave what the traced ones leave (were the view taken, its
  /// event pointer would land in the host memory after the hot region, not in the region the guest sees).
  @Test(arguments: [false, true])
  func anEventStructureOutsideTheHotRegionTakesTheCheckedPath(deviceEventOutside: Bool) throws {
    func run(tracing: Bool) throws -> (GuestMemory, PackedDriver, PackedDevice, [Bool]) {
      let hot = HostBytes(0x40_0000)  // 4 MiB of host memory, of which the region is the first 2 MiB
      let cold = HostBytes(0x1000)
      var memory = try GuestMemory(regions: [
        GuestMemoryRegion(guestPhysicalAddress: 0, size: 0x20_0000, base: hot.base, writable: true, owner: hot),
        GuestMemoryRegion(guestPhysicalAddress: 0x30_0000, size: 0x1000, base: cold.base, writable: true, owner: cold),
      ])
      let layout = try PackedLayout(
        size: 4, descriptorRing: 0x1000, driverEvent: deviceEventOutside ? 0x1040 : 0x30_0000,
        deviceEvent: deviceEventOutside ? 0x30_0000 : 0x1040)
      let features: VirtioFeatures = [.version1, .eventIdx]
      var driver = PackedDriver(layout: layout, allocator: GuestAllocator(start: 0x8000, length: 0x10000))
      driver.setFeatures(features)
      var device = PackedDevice(layout: layout, features: features)
      var trace = Trace(enabled: tracing)
      try device.setNotifications(enabled: true, memory: &memory, trace: &trace)
      try driver.setInterrupts(enabled: false, memory: &memory, trace: &trace)
      try driver.setInterrupts(enabled: true, memory: &memory, trace: &trace)  // DESC, so reclaim writes off_wrap
      var input: [UInt8] = []
      var decisions: [Bool] = []
      for round in 0..<10 {
        try driver.add(readable: [[UInt8](repeating: UInt8(round), count: 8)], writable: [16], memory: &memory, trace: &trace)
        try driver.publish(memory: &memory, trace: &trace)
        decisions.append(try driver.kickPrepare(memory: &memory, trace: &trace))
        guard try device.popID(memory: &memory, trace: &trace) != nil else { continue }
        try device.readReadable(at: 0, into: &input, memory: memory, trace: &trace)
        _ = try device.push(at: 0, length: 16, memory: &memory, trace: &trace)
        decisions.append(try device.shouldInterrupt(memory: &memory, trace: &trace))
        while try driver.reclaimOne(memory: &memory, trace: &trace) != nil {}
      }
      return (memory, driver, device, decisions)
    }
    let (tracedMemory, tracedDriver, tracedDevice, tracedDecisions) = try run(tracing: true)
    let (memory, driver, device, decisions) = try run(tracing: false)
    let sameBytes = memory.bytes == tracedMemory.bytes  // 3 MiB: compared, not printed
    #expect(sameBytes, "guest memory differs")
    #expect(decisions == tracedDecisions)
    #expect(driver == tracedDriver && device == tracedDevice)
    #expect(driver.outstandingCount == 0 && device.inUse == 0 && driver.numFree == 4)
  }
}
