import Testing
@testable import VirtioCore

/// Packed-ring behaviour from `reference/packed-ring.md` §6, as exact bytes at exact offsets.
@Suite struct PackedRingTests {
  /// Moves both sides to slot `n` of wrap 1 with single-descriptor round trips.
  func advanced(to n: Int, size: Int = 4, features: VirtioFeatures = []) throws -> PackedHarness {
    var h = try PackedHarness(size: size, features: features)
    for _ in 0..<n {
      try h.add([(0x2000, 8, true)])
      try h.publish()
      _ = try h.pop()
      try h.push(length: 8)
      _ = try h.reclaim()
    }
    return h
  }

  @Test func headLastPublication() throws {
    var h = try PackedHarness(size: 4)
    try h.add([(0x3000, 0x10, false), (0x3100, 0x20, false), (0x3200, 0x30, true)])
    #expect(h.flags(0) == 0 && h.flags(1) == 0x0081 && h.flags(2) == 0x0082)
    #expect(h.slot(0) == packedSlot(addr: 0x3000, len: 0x10, id: 0, flags: 0))
    #expect(try h.pop() == nil)  // the device sees nothing until the head's flags
    #expect(h.device.lastAvailIdx == 0 && h.device.inUse == 0)
    let before = h.trace.entries.last!.sequence
    try h.publish()
    let entries = Array(h.trace.entries(after: before))
    #expect(entries[0].kind == .barrier && entries[1].kind == .write && entries[1].field == .packed(.descriptor(0, .flags)))
    #expect(h.flags(0) == 0x0081)
    let chain = try #require(try h.pop())
    #expect(chain.buffers.map(\.length) == [0x10, 0x20, 0x30] && h.device.inFlight[0].descriptorCount == 3)
  }

  @Test func chainAcrossTheRingEnd() throws {
    var h = try advanced(to: 3)
    #expect(h.driver.nextAvailIdx == 3 && h.driver.availWrapCounter)
    #expect(try h.add([(0x3000, 0x10, false), (0x3100, 0x20, true)]) == 0)  // the LIFO free list hands id 0 back
    try h.publish()
    #expect(h.slot(3) == packedSlot(addr: 0x3000, len: 0x10, id: 0, flags: 0x0081))  // NEXT|AVAIL: wrap 1
    #expect(h.slot(0) == packedSlot(addr: 0x3100, len: 0x20, id: 0, flags: 0x8002))  // WRITE|USED: wrap 0
    #expect(h.driver.nextAvailIdx == 1 && !h.driver.availWrapCounter)
    let chain = try #require(try h.pop())
    #expect(chain.head == 0 && chain.buffers.map(\.address) == [0x3000, 0x3100])
    #expect(h.device.lastAvailIdx == 1 && !h.device.availWrapCounter && h.device.inFlight[0].firstSlot == 3)
    try h.push(length: 0x20)
    #expect(h.slot(3) == packedSlot(addr: 0x3000, len: 0x20, id: 0, flags: 0x8082))  // used at the chain's first slot
    #expect(h.slot(0) == packedSlot(addr: 0x3100, len: 0x20, id: 0, flags: 0x8002))
    #expect(h.device.usedIdx == 1 && !h.device.usedWrapCounter)
    #expect(try h.reclaim().map(\.head) == [0])
    #expect(h.driver.lastUsedIdx == 1 && !h.driver.usedWrapCounter && h.driver.numFree == 4)
  }

  @Test func staleSlotOfRoundTwoIsNotConsumed() throws {
    // Round 1 as in the worked example (A, B over slots 1–2, C), then round 2 reuses slots 0 and 1 only.
    var h = try PackedHarness(size: 4)
    try h.add([(0x2000, 0x10, true)])
    try h.add([(0x3000, 0x10, false), (0x3100, 0x200, true)])
    try h.add([(0x4000, 0x40, false)])
    try h.publish()
    while try h.pop() != nil {}
    for n: UInt32 in [0x10, 0x1f4, 0] { h.device.fill(length: n) }
    try h.flush()
    _ = try h.reclaim()
    try h.add([(0x5000, 0x10, true)])
    try h.add([(0x6000, 0x10, true)])
    try h.publish()
    #expect(h.flags(0) == 0x8002 && h.flags(1) == 0x8002 && h.flags(2) == 0x0082)
    #expect(try h.pop() != nil && h.pop() != nil)
    #expect(h.device.lastAvailIdx == 2 && !h.device.availWrapCounter)
    #expect(try h.pop() == nil)  // 0x0082: avail ≠ used, but avail 1 ≠ wrap 0
    #expect(h.trace.entries.last?.kind == .queueEmpty && h.device.inUse == 2)
  }

  @Test func inOrderBatchHasOneUsedDescriptor() throws {
    var h = try PackedHarness(size: 4, features: [.inOrder])
    #expect(try h.add([(0x2000, 0x10, true)]) == 0)  // Linux PACKED_IN_ORDER: id = the head's slot
    #expect(try h.add([(0x3000, 0x10, false), (0x3100, 0x200, true)]) == 1)
    #expect(try h.add([(0x4000, 0x40, true)]) == 3)
    try h.publish()
    while try h.pop() != nil {}
    for n: UInt32 in [0x10, 0x100, 0x20] { h.device.fill(length: n) }
    let before = h.trace.entries.last!.sequence
    try h.flush()
    #expect(h.writes(after: before) == ["desc[0].id", "desc[0].len", "desc[0].flags"])
    #expect(h.slot(0) == packedSlot(addr: 0x2000, len: 0x20, id: 3, flags: 0x8082))  // the last buffer's id and len
    #expect(h.flags(1) == 0x0081 && h.flags(3) == 0x0082)  // the rest of the batch is not rewritten
    #expect(h.device.usedIdx == 0 && !h.device.usedWrapCounter)
    let used = try h.reclaim()
    #expect(used.map(\.head) == [0, 1, 3] && used.map(\.length) == [0x10, 0x200, 0x20])  // skipped: used completely
    #expect(h.driver.numFree == 4 && h.driver.lastUsedIdx == 0 && !h.driver.usedWrapCounter && h.driver.outstandingCount == 0)
  }

  @Test func outOfOrderCompletionWritesAtUsedIdx() throws {
    var h = try PackedHarness(size: 4)
    try h.add([(0x2000, 0x10, true)])
    try h.add([(0x3000, 0x10, false), (0x3100, 0x20, true)])
    try h.publish()
    _ = try h.pop()
    _ = try h.pop()
    try h.push(id: 1, length: 4)  // B first: its used descriptor goes to used_idx 0, and used_idx skips 2 slots
    #expect(h.slot(0) == packedSlot(addr: 0x2000, len: 4, id: 1, flags: 0x8082) && h.device.usedIdx == 2)
    try h.push(id: 0, length: 0)
    #expect(h.slot(2) == packedSlot(addr: 0x3100, len: 0, id: 0, flags: 0x8080) && h.device.usedIdx == 3)
    #expect(try h.reclaim().map(\.head) == [1, 0])
    #expect(h.driver.lastUsedIdx == 3 && h.driver.freeHead == 0 && h.driver.links[0] == 1 && h.driver.links[2] == 3)
  }

  @Test func kickFollowsTheDeviceEventStructure() throws {
    var h = try PackedHarness(size: 4, features: [.eventIdx])
    try h.device.setNotifications(enabled: true, memory: &h.memory, trace: &h.trace)
    #expect(h.bytes(0x1044, 4) == [0x00, 0x80, 0x02, 0x00])  // off 0, wrap 1, DESC
    try h.add([(0x2000, 8, true)])
    try h.publish()
    #expect(try h.kick())  // vring_need_event(0, 1, 0)
    try h.add([(0x2000, 8, true)])
    try h.publish()
    #expect(try !h.kick())  // the device has not moved off_wrap
    try h.device.setNotifications(enabled: false, memory: &h.memory, trace: &h.trace)
    #expect(h.bytes(0x1046, 2) == [0x01, 0x00])
    try h.add([(0x2000, 8, true)])
    try h.publish()
    #expect(try !h.kick())
    var plain = try PackedHarness(size: 4)
    try plain.device.setNotifications(enabled: true, memory: &plain.memory, trace: &plain.trace)
    #expect(plain.bytes(0x1044, 4) == [0x00, 0x00, 0x00, 0x00])  // ENABLE without EVENT_IDX
  }

  @Test func kickAcrossTheEndUsesTheWrapAdjustment() throws {
    var h = try advanced(to: 3, features: [.eventIdx])
    try h.device.setNotifications(enabled: true, memory: &h.memory, trace: &h.trace)
    #expect(h.bytes(0x1044, 4) == [0x03, 0x80, 0x02, 0x00])
    _ = try h.kick()
    try h.add([(0x2000, 8, true), (0x2100, 8, true)])  // slots 3, 0
    try h.publish()
    #expect(h.driver.publishedIdx == 1 && !h.driver.publishedWrap && h.driver.numAdded == 2)
    #expect(try h.kick())  // off 3 − 4 = 0xffff; old = 1 − 2 = 0xffff: vring_need_event(0xffff, 1, 0xffff)
  }

  @Test func interruptsFollowTheDriverEventStructure() throws {
    var h = try PackedHarness(size: 4, features: [.eventIdx])
    try h.driver.setInterrupts(enabled: false, memory: &h.memory, trace: &h.trace)
    #expect(h.bytes(0x1040, 4) == [0x00, 0x00, 0x01, 0x00])
    try h.add([(0x2000, 8, true)])
    try h.publish()
    _ = try h.pop()
    try h.push(length: 8)
    #expect(try !h.interrupt())
    try h.driver.setInterrupts(enabled: true, memory: &h.memory, trace: &h.trace)
    #expect(h.bytes(0x1040, 4) == [0x00, 0x80, 0x02, 0x00])  // off_wrap = last_used 0 | wrap 1, then DESC
    #expect(try !h.interrupt())  // nothing used since the last decision (Linux polls after enable_cb_prepare)
    #expect(try h.reclaim().count == 1)
    #expect(h.bytes(0x1040, 2) == [0x01, 0x80])  // DESC: get_buf moves off_wrap to last_used
    try h.add([(0x2000, 8, true)])
    try h.publish()
    _ = try h.pop()
    try h.push(length: 8)
    #expect(try h.interrupt())  // vring_need_event(1, new 2, old 1)
  }

  @Test func indirectTableOfPackedDescriptors() throws {
    var h = try PackedHarness(size: 2, features: [.indirectDesc])
    let id = try h.add(readable: [[1, 2, 3, 4]], writable: [8])
    try h.publish()
    let table = try h.memory.load(UInt64.self, at: 0x1000)
    #expect(h.slot(0) == packedSlot(addr: table, len: 32, id: id, flags: 0x0084))  // INDIRECT|AVAIL
    #expect(h.bytes(table + 8, 8) == [4, 0, 0, 0, 0, 0, 0x00, 0x00])  // entry 0: len 4, id 0, readable
    #expect(h.bytes(table + 24, 8) == [8, 0, 0, 0, 0, 0, 0x02, 0x00])  // entry 1: len 8, WRITE
    let chain = try #require(try h.pop())
    #expect(chain.indirectTable == .init(address: table, count: 2) && h.device.inFlight[0].descriptorCount == 1)
    #expect(h.device.lastAvailIdx == 1)
    try h.device.writeWritable([9, 9], into: chain, memory: &h.memory, trace: &h.trace)
    try h.push(length: 2)
    #expect(try h.reclaim() == [UsedBuffer(head: id, length: 2, written: [9, 9])])
  }

  @Test func wrapCountersStartAtOneFlipAtTheEndAndReturnOnReset() throws {
    var h = try advanced(to: 5, size: 3)
    #expect(!h.driver.availWrapCounter && !h.device.availWrapCounter && !h.device.usedWrapCounter && !h.driver.usedWrapCounter)
    #expect(h.device.lastAvailIdx == 2 && h.device.usedIdx == 2 && h.driver.lastUsedIdx == 2)
    h.device.reset()
    #expect(h.device.availWrapCounter && h.device.usedWrapCounter && h.device.lastAvailIdx == 0 && h.device.usedIdx == 0)
  }
}
