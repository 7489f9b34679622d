import Testing
@testable import VirtioCore

/// Each rejection, reproduced as a buggy or hostile party would cause it (QEMU's and Linux's checks).
@Suite struct PackedErrorTests {
  /// Adds and publishes a 2-descriptor chain (readable 0x3000+16, writable 0x3100+32) at slots 0–1, applies
  /// `corrupt`, pops; returns the error.
  func popError(features: VirtioFeatures = [.indirectDesc], _ corrupt: (inout PackedHarness) throws -> Void) throws -> VirtqueueError? {
    var h = try PackedHarness(size: 4, features: features)
    h.driver.indirectPolicy = .never
    try h.add([(0x3000, 0x10, false), (0x3100, 0x20, true)])
    try h.publish()
    try corrupt(&h)
    do {
      _ = try h.pop()
      return nil
    } catch {
      return error
    }
  }

  @Test func deviceSideRejections() throws {
    #expect(try popError { try $0.poke(.descriptor(0, .len), 0) }?.kind == .zeroLengthBuffer)
    #expect(try popError { try $0.poke(.descriptor(1, .addr), UInt64.max - 4) }?.kind == .addressOutOfRange)
    let looped = try popError { h in for i in 1..<4 { try h.poke(.descriptor(i, .flags), 0x0081); try h.poke(.descriptor(i, .len), 4) } }
    #expect(looped == VirtqueueError(.loopedDescriptor, "Looped descriptor: chain from desc[0] visits more than 4 descriptors"))
    #expect(try popError { _ in } == nil)
    #expect(try popError { try $0.poke(.descriptor(1, .flags), 0x0080) } == nil)  // two readable buffers are valid
  }

  @Test func readableAfterWritableAndIndirectErrors() throws {
    var h = try PackedHarness(size: 4)
    try h.add([(0x3100, 0x20, true), (0x3000, 0x10, false)])  // a buggy driver puts the writable buffer first
    try h.publish()
    #expect(throws: VirtqueueError(.readableAfterWritable, "Incorrect order for descriptors: desc[1] is device-readable after a device-writable buffer")) { _ = try h.pop() }
    let bad = try popError { try $0.poke(.descriptor(0, .flags), 0x0084); try $0.poke(.descriptor(0, .len), 20) }
    #expect(bad == VirtqueueError(.indirectBadSize, "Invalid size for indirect buffer table: desc[0].len = 20 is not a non-zero multiple of 16"))
    #expect(try popError { try $0.poke(.descriptor(0, .flags), 0x0085) }?.kind == .indirectWithNext)
    #expect(try popError(features: []) { try $0.poke(.descriptor(0, .flags), 0x0084) }?.kind == .indirectNotNegotiated)
    // A table whose entry 0 is itself INDIRECT.
    #expect(try popError { h in
      try h.poke(.descriptor(0, .flags), 0x0084); try h.poke(.descriptor(0, .addr), 0x9000); try h.poke(.descriptor(0, .len), 16)
      try h.memory.write(packedSlot(addr: 0x3000, len: 16, id: 0, flags: 0x0004), at: 0x9000)
    }?.kind == .nestedIndirect)
    #expect(try popError { h in
      try h.poke(.descriptor(0, .flags), 0x0084); try h.poke(.descriptor(0, .addr), UInt64(h.memory.size) - 8); try h.poke(.descriptor(0, .len), 16)
    }?.kind == .addressOutOfRange)
  }

  @Test func tooManyInFlight() throws {
    var h = try PackedHarness(size: 2)
    try h.add([(0x2000, 8, true)])
    try h.add([(0x2000, 8, true)])
    try h.publish()
    _ = try h.pop()
    _ = try h.pop()
    try h.poke(.descriptor(0, .flags), 0x8002)  // a hostile driver re-offers slot 0 for wrap 0 while it is in flight
    #expect(throws: VirtqueueError(.tooManyInFlight, "Virtqueue size exceeded: 2 chains already in flight on a queue of 2")) { _ = try h.pop() }
  }

  @Test func driverSideRejectionsBreakTheQueue() throws {
    for (id, kind) in [(7 as UInt64, VirtqueueError.Kind.usedIDOutOfRange), (2, .usedIDNotHead)] {
      var h = try PackedHarness(size: 4)
      try h.add([(0x2000, 8, true)])
      try h.publish()
      _ = try h.pop()
      try h.push(length: 8)
      try h.poke(.descriptor(0, .id), id)
      do {
        _ = try h.reclaim()
        Issue.record("accepted used id \(id)")
      } catch {
        #expect(error.kind == kind)
        #expect(error.message == (id == 7 ? "id 7 out of range (queue size 4) in desc[0]" : "id 2 is not a head! (desc[0]; no outstanding buffer has this id)"))
      }
      #expect(h.driver.isBroken)
      #expect(throws: VirtqueueError.self) { _ = try h.add([(0x2000, 8, true)]) }
    }
  }

  @Test func queueFullIsNotCorruption() throws {
    var h = try PackedHarness(size: 3)
    try h.add([(0x2000, 8, true), (0x2100, 8, true)])
    #expect(throws: VirtqueueError(.queueFull, "Can't add buf len 2 - avail = 1 (-ENOSPC)")) { try h.add([(0x2000, 8, true), (0x2100, 8, true)]) }
    #expect(try h.add([(0x2000, 8, true)]) == 2)
    #expect(h.driver.numFree == 0 && !h.driver.isBroken)
  }
}
