import Testing
@testable import VirtioCore

/// VIRTIO_F_IN_ORDER on the split ring: QEMU's `virtqueue_flush` of a batch, Linux's in-order `get_buf`, exact bytes.
@Suite struct SplitInOrderTests {
  func queue(size: Int = 8, inOrder: Bool = true) throws -> Virtqueue {
    let features: VirtioFeatures = inOrder ? [.version1, .inOrder] : [.version1]
    var q = try Virtqueue(.init(size: size, offered: features))
    try q.initialize(accepting: features)
    return q
  }

  func bytes(_ q: Virtqueue, _ address: GuestAddress, _ count: Int) -> [UInt8] {
    Array(q.memory.bytes[Int(address)..<Int(address) + count])
  }

  func writes(_ q: Virtqueue, after sequence: Int) -> [String] {
    q.trace.entries(after: sequence).filter { $0.kind == .write }.compactMap { $0.field.map(String.init(describing:)) }
  }

  /// Three chains (1, 2 and 1 descriptors) popped and filled, ready for one flush.
  func threeFilled(_ q: inout Virtqueue) throws {
    #expect(try q.add(readable: [Array(repeating: 0xAA, count: 16)], writable: []) == 0)
    #expect(try q.add(readable: [Array(repeating: 0xBB, count: 16)], writable: [32]) == 1)
    #expect(try q.add(readable: [], writable: [64]) == 3)
    try q.publish()
    for _ in 0..<3 { _ = try q.pop() }
    #expect(try q.fill(length: 0) == 0)
    #expect(try q.fill(length: 32) == 1)
    #expect(try q.fill(length: 64) == 3)
    #expect(q.device.filled.count == 3 && q.device.inFlightCount == 0)
  }

  @Test func inOrderBatchOfThreeWritesOneUsedElement() throws {
    var q = try queue()
    try threeFilled(&q)
    let l = q.layout
    #expect(bytes(q, l.usedIdx, 2) == [0, 0])  // filling alone writes nothing to the used ring
    let before = q.trace.entries.last!.sequence
    try q.flush()
    #expect(writes(q, after: before) == ["used.ring[0].id", "used.ring[0].len", "used.idx"])
    #expect(q.trace.entries(after: before).filter { $0.kind == .barrier }.count == 1)  // one smp_wmb for the batch
    #expect(bytes(q, l.usedElement(0), 8) == [3, 0, 0, 0, 64, 0, 0, 0])  // {id 3 (the last chain), len 64}
    #expect(bytes(q, l.usedElement(1), 16) == Array(repeating: 0, count: 16))  // slots 1 and 2 never written
    #expect(bytes(q, l.usedIdx, 2) == [3, 0])  // used.idx moved once, by the batch size
    #expect(q.device.usedIdx == 3 && q.device.filled.isEmpty)

    let used = try q.reclaim()
    #expect(used.map(\.head) == [0, 1, 3])  // the one element freed every earlier chain, oldest first
    #expect(used.map(\.length) == [0, 32, 64])  // earlier chains report their writable length (Linux total_len)
    #expect(q.driver.numFree == 8 && q.driver.outstandingCount == 0 && q.driver.lastUsedIdx == 3)
    #expect(q.driver.batchLast == nil && q.driver.nextUsedHead == 4)
    #expect(try q.reclaim().isEmpty)
  }

  @Test func inOrderDriverHandsOutDescriptorsInRingOrder() throws {
    var q = try queue(size: 4)
    for n in 0..<3 { #expect(try q.add(readable: [], writable: [8]) == UInt16(n)) }
    try q.publish()
    for _ in 0..<3 { _ = try q.pop() }
    try q.push(length: 8)
    try q.push(length: 8)
    try q.push(length: 8)
    #expect(try q.reclaim().map(\.head) == [0, 1, 2])
    // Linux without IN_ORDER would reuse head 2 (the last freed, front of the free list); in ring order it is 3,
    // and the chain wraps: desc[3].next = 0 (2.7.5.2: 0 after the last descriptor of the table).
    #expect(try q.add(readable: [[1, 2]], writable: [8]) == 3)
    let d3 = q.layout.descriptor(3)
    #expect(bytes(q, d3 + 12, 4) == [0x01, 0x00, 0x00, 0x00])  // flags NEXT, next 0
    #expect(bytes(q, q.layout.descriptor(0) + 12, 4) == [0x02, 0x00, 0x00, 0x00])  // flags WRITE, next 0
    #expect(q.driver.freeHead == 1 && q.driver.numFree == 2)
    try q.publish()
    let chain = try #require(try q.pop())
    #expect(chain.buffers.map(\.isWritable) == [false, true])
    try q.push(length: 8)
    let used = try q.reclaim()
    #expect(used.map(\.head) == [3] && used.map(\.length) == [8])
    #expect(q.driver.nextUsedHead == 1 && q.driver.numFree == 4)
  }

  @Test func batchWithoutInOrderWritesEveryElementAndMovesUsedIdxOnce() throws {
    var q = try queue(inOrder: false)
    try threeFilled(&q)
    let before = q.trace.entries.last!.sequence
    try q.flush()
    #expect(
      writes(q, after: before) == [
        "used.ring[0].id", "used.ring[0].len", "used.ring[1].id", "used.ring[1].len", "used.ring[2].id",
        "used.ring[2].len", "used.idx",
      ])
    #expect(q.trace.entries(after: before).filter { $0.kind == .barrier }.count == 1)
    #expect(bytes(q, q.layout.usedElement(0), 24) == [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 32, 0, 0, 0, 3, 0, 0, 0, 64, 0, 0, 0])
    #expect(bytes(q, q.layout.usedIdx, 2) == [3, 0])
    #expect(try q.reclaim().map(\.head) == [0, 1, 3])
  }

  @Test func inOrderUsedIDOutOfRangeIsNamed() throws {
    var q = try queue()
    try q.add(readable: [], writable: [8])
    try q.publish()
    try q.poke(.usedRingID(0), 9)
    try q.poke(.usedIdx, 1)
    #expect(throws: VirtqueueError(.usedIDOutOfRange, "id 9 out of range (queue size 8) in used.ring[0]")) { try q.reclaim() }
    #expect(q.driver.isBroken)
  }

  @Test func inOrderUsedIDThatIsNotOutstandingIsNamed() throws {
    var q = try queue()
    try q.add(readable: [], writable: [8])  // head 0
    try q.add(readable: [], writable: [8, 8])  // head 1 (descriptors 1, 2)
    try q.publish()
    try q.poke(.usedRingID(0), 2)  // descriptor 2 is inside a chain, not a head
    try q.poke(.usedIdx, 1)
    #expect(throws: VirtqueueError(.usedIDNotHead, "id 2 is not a head! (used.ring[0]; no outstanding chain starts there)")) {
      try q.reclaim()
    }
    #expect(q.driver.isBroken && q.driver.outstandingCount == 2)
  }
}
