import Testing

@testable import VirtioCore

/// The device keeps popped chains as ranges of one table of resolved buffers, the driver keeps Linux's
/// `desc_extra`: the values they hand out are built from those, exactly as before.
@Suite struct ResolvedChainTests {
  private func queue(size: Int = 8) throws -> Virtqueue {
    var q = try Virtqueue(.init(size: size, offered: [.version1], tracing: false))
    try q.initialize(accepting: [.version1])
    return q
  }

  @Test func outOfOrderPushesKeepEachChainsBuffers() throws {
    var q = try queue()
    for n in 1...3 { try q.add(readable: [[UInt8](repeating: UInt8(n), count: 16 * n)], writable: [8]) }
    try q.publish()
    var heads: [UInt16?] = []
    for _ in 0..<3 { heads.append(try q.popHead()) }
    #expect(heads == [0, 2, 4])
    #expect(q.device.inFlight.map { $0.buffers.map(\.length) } == [[16, 8], [32, 8], [48, 8]])
    let pushed = try q.push(length: 8, head: 2)
    let middle = try #require(pushed)
    #expect(middle.head == 2 && middle.buffers.map(\.length) == [32, 8])
    #expect(middle.buffers.map(\.source) == [.descriptor(2, .addr), .descriptor(3, .addr)])
    #expect(q.device.inFlight.map(\.head) == [0, 4] && q.device.oldestInFlight?.buffers.map(\.length) == [16, 8])
    #expect(try q.readInFlight() == [UInt8](repeating: 1, count: 16))
    #expect(q.driver.outstanding(head: 4)?.descriptors == [4, 5])
    #expect(q.driver.outstanding(head: 4)?.buffers.map(\.isWritable) == [false, true])
  }

  @Test func theTableStaysSmallWhileChainsAreAlwaysInFlight() throws {
    var q = try queue()
    try q.add(readable: [[1]], writable: [])
    try q.publish()
    try q.popHead()
    for round in 0..<5000 {
      try q.add(readable: [[UInt8(truncatingIfNeeded: round)]], writable: [4])
      try q.publish()
      try q.popHead()
      #expect(try q.pushHead(length: 0) != nil)  // the oldest; one chain stays in flight
      _ = try q.reclaim()
    }
    #expect(q.device.inFlightCount == 1)
    #expect(q.device.resolved.end <= 1025 + 4 * 2)
    #expect(q.device.oldestInFlight?.buffers.count == 2)
  }

  @Test func headQueueKeepsOrder() {
    var h = HeadQueue(capacity: 4)
    for x: UInt16 in [3, 1, 2] { h.append(x) }
    #expect(h.remove(at: 1) == 1 && h.heads == [3, 2])
    #expect(h.remove(at: 0) == 3)
    h.append(0)
    h.append(1)
    h.append(3)
    #expect(h.heads == [2, 0, 1, 3] && h.position(of: 1) == 2 && h.position(of: 9) == nil)
  }

  @Test func theAllocatorMergesInPlaceWithTheSameResultAsBefore() {
    var a = GuestAllocator(start: 0x1000, length: 0x1000)
    let x = a.allocate(64, alignment: 16)!
    let y = a.allocate(64, alignment: 16)!
    let z = a.allocate(64, alignment: 16)!
    a.release(y, length: 64)  // a hole
    #expect(a.free.count == 2)
    a.release(x, length: 64)  // joins the hole on its right
    #expect(a.free.map(\.start) == [0x1000, z + 64] && a.free[0].end == z)
    a.release(z, length: 64)  // joins both neighbours
    #expect(a.free.count == 1 && a.free[0].start == 0x1000 && a.free[0].end == 0x2000)
  }
}
