import Testing
import VirtioCore
@testable import VirtioFlows

/// Bettan's increment-edu device: queue size 1, a 2-entry indirect table, int + 1 with used len 1, INTx + ISR read.
@Suite struct IncrementFlowTests {
  @Test func defaultsAreBettansConfiguration() {
    let o = FlowOptions.defaults(for: .increment)
    #expect(o.queueSize == 1)
    #expect(!o.msix)
    #expect(!o.ioeventfd)
    #expect(o.indirect && o.eventIdx)
  }

  @Test(arguments: [1, 4])
  func eachRequestCostsAKickExitAnISRReadAndAnEOI(requests: Int) throws {
    let t = try run(.increment, [("packets", "\(requests)")]).totals
    // Reference §6.4 row C1: 1 kick (userspace exit, no ioeventfd) + 1 ISR read = 2 exits; 1 INTx (+EOI).
    #expect(t.userspaceExits == 2 * requests)
    #expect(t.kernelExits == 0)
    #expect(t.interruptExits == requests)
    #expect(t.injectedInterrupts == requests)
    #expect(t.kicks == requests)
    #expect(t.dmaTransfers == 0)
    #expect(t.hostInterrupts == 0)
    #expect(t.cycles == requests * (2 * 5_000 + 1_000 + 1_000))
  }

  @Test func theDeviceWritesIntPlusOneAndReportsLenOne() throws {
    let r = try run(.increment, [("value", "41")])
    let q = try #require(r.queue)
    #expect(try q.value(of: .usedIdx) == 1)
    #expect(try q.value(of: .usedRingLen(0)) == 1)
    #expect(try q.value(of: .usedRingID(0)) == 0)
    // desc[0] is INDIRECT and points at a 2-entry (32-byte) table.
    #expect(try q.value(of: .descriptor(0, .flags)) == UInt64(DescriptorFlags.indirect.rawValue))
    #expect(try q.value(of: .descriptor(0, .len)) == 32)
    let table = try q.value(of: .descriptor(0, .addr))
    let resultAddress = try q.value(of: .indirect(table: table, 1, .addr))
    #expect(try q.value(of: .indirect(table: table, 1, .flags)) == UInt64(DescriptorFlags.write.rawValue))
    #expect(try q.memory.read(at: resultAddress, count: 4) == [42, 0, 0, 0])

    // The same request by hand.
    var hand = try Virtqueue(.init(size: 1, offered: [.version1, .indirectDesc, .eventIdx, .notifyOnEmpty, .anyLayout], memorySize: q.memory.size))
    try hand.initialize(accepting: [.version1, .indirectDesc, .eventIdx])
    try hand.add(readable: [[41, 0, 0, 0]], writable: [4])
    try hand.publish()
    #expect(try hand.kick())
    let chain = try #require(try hand.pop())
    #expect(try hand.readInFlight() == [41, 0, 0, 0])
    try hand.push(length: 1, data: [42, 0, 0, 0], head: chain.head)
    #expect(try hand.interrupt())
    let used = try hand.reclaim()
    #expect(used.map(\.length) == [1])
    #expect(q.memory == hand.memory)
  }

  @Test func requestsChainTheirResults() throws {
    let r = try run(.increment, [("packets", "3"), ("value", "5")])
    #expect(r.steps.last?.hops.first?.label.hasSuffix("→ 8") == true)
    let overflow = try run(.increment, [("value", "4294967295")])
    #expect(overflow.steps.last?.hops.first?.label.hasSuffix("→ 0") == true)
  }

  @Test func msixAndIoeventfdAreWhatIfs() throws {
    let t = try run(.increment, [("msix", "on"), ("ioeventfd", "on")]).totals
    #expect(t.userspaceExits == 0)
    #expect(t.kernelExits == 1)
    #expect(t.wakeUps == 1)
  }

  @Test func withoutIndirectTheRequestDoesNotFit() throws {
    let message = try #require(failure(.increment, [("indirect", "off")]))
    #expect(message.contains("indirect"))
    #expect(message.contains("-ENOSPC"))
    #expect(failure(.increment, [("indirect", "off"), ("queue-size", "2")]) == nil)
    #expect(try #require(failure(.increment, [("batch", "2"), ("queue-size", "4")])).contains("one element per kick"))
  }
}
