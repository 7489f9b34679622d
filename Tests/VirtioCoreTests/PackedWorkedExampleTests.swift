import Testing
@testable import VirtioCore

/// `reference/packed-ring.md` §5: queue size 4, two rounds, with wrap, byte for byte.
@Suite struct PackedWorkedExampleTests {
  /// Round 1: A (1 writable), B (readable + writable), C (1 readable); the driver wraps after C.
  func roundOne(features: VirtioFeatures = [.eventIdx]) throws -> PackedHarness {
    var h = try PackedHarness(size: 4, features: features)
    #expect(h.layout.descriptorRing == 0x1000 && h.layout.driverEvent == 0x1040 && h.layout.deviceEvent == 0x1044)
    #expect(try h.add([(0x2000, 0x10, true)]) == 0)
    #expect(h.slot(0) == [0x00, 0x20, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0x00, 0x00])  // flags held back
    try h.publish()
    #expect(h.slot(0) == [0x00, 0x20, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0x00, 0x00, 0x82, 0x00])
    #expect(try h.add([(0x3000, 0x10, false), (0x3100, 0x200, true)]) == 1)
    #expect(h.slot(2) == [0x00, 0x31, 0, 0, 0, 0, 0, 0, 0x00, 0x02, 0, 0, 0x01, 0x00, 0x82, 0x00])
    #expect(h.flags(1) == 0)
    let before = h.trace.entries.last!.sequence
    try h.publish()
    #expect(h.slot(1) == [0x00, 0x30, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0x01, 0x00, 0x81, 0x00])
    let published = h.trace.entries(after: before).map(\.kind)
    #expect(published.prefix(2) == [.barrier, .write])  // virtio_wmb, then desc[1].flags
    #expect(try h.add([(0x4000, 0x40, false)]) == 3)  // free_head is 3: B took desc_extra 1 and 2
    try h.publish()
    #expect(h.slot(3) == [0x00, 0x40, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0x03, 0x00, 0x80, 0x00])
    #expect(h.driver.nextAvailIdx == 0 && !h.driver.availWrapCounter && h.driver.availUsedFlags.rawValue == 0x8000)
    #expect(h.driver.freeHead == 4 && h.driver.numFree == 0)
    return h
  }

  func popAll(_ h: inout PackedHarness) throws {
    #expect(try h.pop()?.head == 0)
    let b = try #require(try h.pop())
    #expect(b.head == 1 && b.buffers.map(\.address) == [0x3000, 0x3100] && b.buffers.map(\.isWritable) == [false, true])
    #expect(try h.pop()?.head == 3)
    #expect(h.device.lastAvailIdx == 0 && !h.device.availWrapCounter)
    #expect(h.device.inFlight.map(\.descriptorCount) == [1, 2, 1])
    #expect(try h.pop() == nil)  // slot 0 holds 0x0082: not available for wrap 0
  }

  func expectUsedRound1(_ h: PackedHarness) {
    #expect(h.slot(0) == [0x00, 0x20, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0x00, 0x00, 0x82, 0x80])
    #expect(h.slot(1) == [0x00, 0x30, 0, 0, 0, 0, 0, 0, 0xf4, 0x01, 0, 0, 0x01, 0x00, 0x82, 0x80])
    #expect(h.slot(2) == [0x00, 0x31, 0, 0, 0, 0, 0, 0, 0x00, 0x02, 0, 0, 0x01, 0x00, 0x82, 0x00])  // stale
    #expect(h.slot(3) == [0x00, 0x40, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0, 0, 0x03, 0x00, 0x80, 0x80])
    #expect(h.device.usedIdx == 0 && !h.device.usedWrapCounter)
  }

  @Test func roundOneBatchFlushWritesTheFirstUsedDescriptorLast() throws {
    var h = try roundOne()
    #expect(try h.kick())  // device_event is zero: ENABLE
    try popAll(&h)
    h.device.fill(length: 0x10)
    h.device.fill(length: 0x1f4)
    h.device.fill(length: 0)
    let before = h.trace.entries.last!.sequence
    try h.flush()
    #expect(h.writes(after: before) == [
      "desc[1].id", "desc[1].len", "desc[1].flags", "desc[3].id", "desc[3].len", "desc[3].flags",
      "desc[0].id", "desc[0].len", "desc[0].flags",
    ])
    let kinds = h.trace.entries(after: before).map(\.kind)
    let barrier = try #require(kinds.firstIndex(of: .barrier))
    #expect(kinds.filter { $0 == .write }.count == 9 && kinds[(barrier + 1)...].filter { $0 == .write }.count == 1)
    expectUsedRound1(h)
  }

  @Test func bothRoundsWithEventSuppression() throws {
    var h = try roundOne()
    // Ask for one interrupt when slot 3 of wrap 1 is used: Linux's delayed enable with 4 descriptors outstanding.
    try h.driver.setInterrupts(enabled: false, memory: &h.memory, trace: &h.trace)
    #expect(h.bytes(0x1040, 4) == [0x00, 0x00, 0x01, 0x00])
    #expect(try h.driver.enableInterruptsDelayed(memory: &h.memory, trace: &h.trace))
    #expect(h.bytes(0x1040, 4) == [0x03, 0x80, 0x02, 0x00])
    try popAll(&h)
    try h.push(length: 0x10)
    #expect(try h.interrupt())  // QEMU: the first decision after reset (signalled_used not valid)
    try h.push(length: 0x1f4)
    #expect(try !h.interrupt())  // vring_need_event(3, 3, 1) = 0xffff < 2 is false
    try h.push(length: 0)
    #expect(try h.interrupt())  // off 3 − 4 = 0xffff: vring_need_event(0xffff, 0, 3) is true
    expectUsedRound1(h)
    // Driver reaps: ids 0, 1, 3; slot 2 is skipped, never inspected.
    let used = try h.reclaim()
    #expect(used.map(\.head) == [0, 1, 3] && used.map(\.length) == [0x10, 0x1f4, 0])
    #expect(h.driver.lastUsedIdx == 0 && !h.driver.usedWrapCounter && h.driver.numFree == 4)
    #expect(!h.trace.entries.contains { $0.field == .packed(.descriptor(2, .flags)) && $0.role == .driver && $0.kind == .read })
    #expect(h.driver.freeHead == 3 && h.driver.links[3] == 1 && h.driver.links[1] == 2 && h.driver.links[2] == 0 && h.driver.links[0] == 4)
    #expect(h.bytes(0x1040, 4) == [0x00, 0x00, 0x02, 0x00])  // DESC: off_wrap follows last_used (0, wrap 0)
    // The device disables kicks: Linux skips them.
    try h.device.setNotifications(enabled: false, memory: &h.memory, trace: &h.trace)
    #expect(h.bytes(0x1044, 4) == [0x00, 0x00, 0x01, 0x00])

    // Round 2 (wrap 0): D at slot 0 with id 3.
    #expect(try h.add([(0x5000, 0x10, true)]) == 3)
    #expect(try h.pop() == nil)  // 0x8082 (avail 1, used 1) is not available for wrap 0
    try h.publish()
    #expect(h.slot(0) == [0x00, 0x50, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0x03, 0x00, 0x02, 0x80])
    #expect(try !h.kick())
    #expect(try h.pop()?.head == 3)
    try h.push(length: 0x10)
    #expect(h.slot(0) == [0x00, 0x50, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0x03, 0x00, 0x02, 0x00])
    #expect(try h.reclaim().map(\.head) == [3])
    #expect(h.driver.lastUsedIdx == 1 && !h.driver.usedWrapCounter)
  }
}
