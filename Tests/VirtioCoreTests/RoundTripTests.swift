import Testing
@testable import VirtioCore

/// add → publish → pop → push → reclaim, asserting exact bytes at exact offsets after each operation.
@Suite struct RoundTripTests {
  static let cases: [(Int, SplitLayout.Kind)] = [1, 2, 8, 256, 32768].flatMap { [($0, .modern), ($0, .legacy)] }

  func bytes(_ m: GuestMemory, _ address: GuestAddress, _ count: Int) -> [UInt8] {
    Array(m.bytes[Int(address)..<Int(address) + count])
  }

  @Test(arguments: cases)
  func exactBytesAfterEachOperation(size: Int, kind: SplitLayout.Kind) throws {
    var q = try Virtqueue(.init(size: size, layout: kind, offered: [.version1], tracing: false))
    try q.initialize(accepting: [.version1])
    let l = q.layout
    // add: one readable 16-byte buffer (a single descriptor, so it also fits size 1)
    let head = try q.add(readable: [Array(0..<16)], writable: [])
    #expect(head == 0)
    let d = l.descriptor(0)
    let bufferAddress = try q.memory.load(UInt64.self, at: d)
    #expect(bytes(q.memory, d + 8, 8) == [16, 0, 0, 0, 0, 0, 0, 0])  // len 16, flags 0, next 0
    #expect(bytes(q.memory, bufferAddress, 16) == Array(0..<16))
    #expect(bytes(q.memory, l.availEntry(0), 2) == [0, 0])
    #expect(bytes(q.memory, l.availIdx, 2) == [0, 0])  // not yet published
    try q.publish()
    #expect(bytes(q.memory, l.availIdx, 2) == [1, 0])
    #expect(try q.kick())
    let chain = try #require(try q.pop())
    #expect(chain.head == 0 && chain.buffers == [.init(address: bufferAddress, length: 16, isWritable: false, source: .descriptor(0, .addr))])
    #expect(bytes(q.memory, l.availEvent, 2) == [0, 0])  // no EVENT_IDX: avail_event untouched
    try q.push(length: 0)
    #expect(bytes(q.memory, l.usedElement(0), 8) == [0, 0, 0, 0, 0, 0, 0, 0])
    #expect(bytes(q.memory, l.usedIdx, 2) == [1, 0])
    #expect(try q.interrupt())
    let used = try q.reclaim()
    #expect(used.map(\.head) == [0])
    #expect(q.driver.numFree == size && q.driver.lastUsedIdx == 1)
  }

  @Test func chainWithWritableBufferAndEventIdx() throws {
    var q = try Virtqueue(.init(size: 8))
    try q.initialize(accepting: [.version1, .eventIdx])
    let l = q.layout
    try q.add(readable: [[1, 2, 3, 4]], writable: [8])
    try q.publish()
    // desc[0] = {addr, len 4, NEXT, next 1}; desc[1] = {addr, len 8, WRITE, next 0}
    #expect(bytes(q.memory, l.descriptor(0) + 8, 8) == [4, 0, 0, 0, 1, 0, 1, 0])
    #expect(bytes(q.memory, l.descriptor(1) + 8, 8) == [8, 0, 0, 0, 2, 0, 0, 0])
    let chain = try #require(try q.pop())
    #expect(bytes(q.memory, l.availEvent, 2) == [1, 0])  // device publishes avail_event = last_avail_idx
    #expect(chain.readableLength == 4 && chain.writableLength == 8)
    try q.push(length: 8, data: [9, 9, 9, 9, 9, 9, 9, 9])
    #expect(bytes(q.memory, l.usedElement(0), 8) == [0, 0, 0, 0, 8, 0, 0, 0])
    let used = try q.reclaim()
    #expect(used == [UsedBuffer(head: 0, length: 8, written: [9, 9, 9, 9, 9, 9, 9, 9])])
    #expect(bytes(q.memory, l.usedEvent, 2) == [1, 0])  // driver re-arms used_event = last_used_idx
  }

  @Test func indirectChainUsesOneRingDescriptor() throws {
    // Bettan's increment device: queue size 1, a 2-entry indirect table (reference/virtio.md §1.3).
    var q = try Virtqueue(.init(size: 1))
    try q.initialize(accepting: [.version1, .indirectDesc, .eventIdx])
    try q.add(readable: [[5, 0, 0, 0]], writable: [4])
    let l = q.layout
    #expect(try q.value(of: .descriptor(0, .flags)) == 4)  // INDIRECT
    #expect(try q.value(of: .descriptor(0, .len)) == 32)
    let table = try q.value(of: .descriptor(0, .addr))
    #expect(bytes(q.memory, table + 8, 8) == [4, 0, 0, 0, 1, 0, 1, 0])  // entry 0: len 4, NEXT, next 1
    #expect(bytes(q.memory, table + 24, 8) == [4, 0, 0, 0, 2, 0, 0, 0])  // entry 1: len 4, WRITE
    try q.publish()
    let chain = try #require(try q.pop())
    #expect(chain.indirectTable == .init(address: table, count: 2))
    #expect(try q.readInFlight() == [5, 0, 0, 0])
    try q.push(length: 1, data: [6, 0, 0, 0])
    #expect(bytes(q.memory, l.usedElement(0), 8) == [0, 0, 0, 0, 1, 0, 0, 0])
    #expect(try q.reclaim().first?.written == [6])  // the driver may trust only `len` bytes
  }

  @Test func freeListIsLinuxOrder() throws {
    var q = try Virtqueue(.init(size: 4, tracing: false))
    try q.initialize(accepting: [.version1])
    let a = try q.add(readable: [[1], [2]], writable: [])  // descs 0,1
    let b = try q.add(readable: [[3]], writable: [])  // desc 2
    try q.publish()
    try q.pop(); try q.pop()
    try q.push(length: 0, head: a)
    try q.reclaim()
    // detach_buf_split puts the freed chain (0,1) in front of the remaining free list (3).
    #expect(q.driver.freeHead == 0 && q.driver.links[1] == 3 && b == 2)
    #expect(try q.add(readable: [[4], [5], [6]], writable: []) == 0)
    #expect(try q.value(of: .descriptor(1, .next)) == 3)
  }

  @Test func indicesWrapPast65535() throws {
    var q = try Virtqueue(.init(size: 2, tracing: false))
    try q.initialize(accepting: [.version1, .eventIdx])
    for _ in 0..<65_540 {
      try q.add(readable: [[7]], writable: [])
      try q.publish()
      _ = try q.kick()
      try #require(try q.pop() != nil)
      try q.push(length: 0)
      _ = try q.interrupt()
      try #require(try q.reclaim().count == 1)
    }
    #expect(try q.value(of: .availIdx) == 4)  // 65540 mod 65536
    #expect(try q.value(of: .usedIdx) == 4)
    #expect(q.device.lastAvailIdx == 4 && q.driver.lastUsedIdx == 4)
    #expect(q.counters.kicks == 65_540 && q.counters.interrupts == 65_540)
  }
}
