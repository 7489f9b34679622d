import Testing
import VirtioCore

@testable import VirtioHost

/// The live view's recent trace (``RngDevice/recentTrace``, kept by ``RecentTrace`` without making entries per
/// request): the last entries in order, at least ``RngDevice/traceLimit`` of them and at most twice that, and a
/// total that counts every entry, across generations and a ring set up again.
struct RecentTraceTests {
  let layout = try! SplitLayout(size: 4, descriptorTable: 0x10000, availRing: 0x10040, usedRing: 0x11000)

  /// A device on fresh RAM and the driver's view of it.
  func attached(tracing: Bool) throws -> (RngDevice, GuestMemory, MappedRegion) {
    let region = try RunRecorderTests().sharedRAM()
    let view = try GuestMemory(
      regions: [GuestMemoryRegion(guestPhysicalAddress: 0, size: region.size, base: region.base, writable: true, owner: region)])
    let device = RngDevice(pattern: Array("virtio-tutor ".utf8), tracing: tracing)
    device.attach(memory: MemoryTable(regions: [region]), layout: layout, features: [.version1, .eventIdx], lastAvailIdx: 0)
    return (device, view, region)
  }

  /// Posts and serves `count` requests, one kick each, starting at `availIdx`.
  func serve(_ count: Int, from availIdx: UInt16, device: RngDevice, view: inout GuestMemory) throws {
    for i in 0..<count {
      let idx = availIdx &+ UInt16(i)
      try RunRecorderTests().post(head: idx % 4, availIdx: idx, layout: layout, memory: &view)
      device.countKick()
      _ = device.serve()
    }
  }

  /// The sequence numbers run on by one, with no gap.
  func consecutive(_ entries: [TraceEntry]) -> Bool {
    zip(entries, entries.dropFirst()).allSatisfy { $1.sequence == $0.sequence + 1 }
  }

  @Test func theLastEntriesAreKeptAcrossGenerations() throws {
    var (device, view, _) = try attached(tracing: true)
    try serve(1, from: 0, device: device, view: &view)
    let perRequest = device.traceTotal
    #expect(perRequest > 0)
    #expect(device.recentTrace.count == perRequest)
    try serve(299, from: 1, device: device, view: &view)  // several times the limit
    let recent = device.recentTrace
    #expect(device.traceTotal == 300 * perRequest)
    #expect(recent.count >= device.traceLimit && recent.count <= 2 * device.traceLimit)
    #expect(consecutive(recent))
    #expect(recent.last?.sequence == device.traceTotal)  // one ring: its sequence numbers count every entry
  }

  @Test func aRingSetUpAgainKeepsTheOldRingsEntriesBeforeTheNewOnes() throws {
    var (device, view, region) = try attached(tracing: true)
    try serve(5, from: 0, device: device, view: &view)
    let before = device.recentTrace
    let total = device.traceTotal
    device.attach(memory: MemoryTable(regions: [region]), layout: layout, features: [.version1, .eventIdx], lastAvailIdx: 5)
    try serve(1, from: 5, device: device, view: &view)
    let after = device.recentTrace
    #expect(device.traceTotal > total)
    #expect(Array(after.prefix(before.count)) == before)
    #expect(after.count == device.traceTotal)
    #expect(device.counters.requestsServed == 6)
  }

  @Test func traceOffKeepsNothing() throws {
    var (device, view, _) = try attached(tracing: false)
    try serve(10, from: 0, device: device, view: &view)
    #expect(device.counters.requestsServed == 10)
    #expect(device.recentTrace.isEmpty)
    #expect(device.traceTotal == 0)
  }
}
