import Testing
@testable import VirtioCore

@Suite struct ResetAndLimitTests {
  @Test func resetWritesOnlyWhatLinuxVirtqueueResetSplitWrites() throws {
    var q = try Virtqueue(.init(size: 4, offered: [.version1, .eventIdx]))
    try q.initialize(accepting: [.version1, .eventIdx])
    try q.add(readable: [[1, 2, 3]], writable: [8])
    try q.publish()
    try q.kick()
    try q.pop()
    try q.push(length: 8)
    _ = try q.reclaim()
    let before = q.memory.bytes
    let seen = q.trace.nextSequence
    try q.writeStatus([])
    let after = q.memory.bytes
    let changed = Set(before.indices.filter { before[$0] != after[$0] })
    let zeroed: [(GuestAddress, Int)] = [
      (q.layout.availFlags, 2), (q.layout.availIdx, 2), (q.layout.usedEvent, 2),
      (q.layout.usedFlags, 2), (q.layout.usedIdx, 2), (q.layout.availEvent, 2),
    ]
    let allowed = Set(zeroed.flatMap { (a, n) in (Int(a)..<Int(a) + n) })
    #expect(!changed.isEmpty)
    #expect(changed.isSubset(of: allowed))
    for (address, _) in zeroed { #expect(try q.memory.load(UInt16.self, at: address) == 0) }
    // Descriptors and buffers keep their stale bytes.
    #expect(try q.memory.load(UInt32.self, at: q.layout.descriptor(0) + 8) == 3)
    // Every byte the reset wrote is a traced driver write.
    let writes = q.trace.entries.filter { $0.sequence >= seen && $0.kind == .write }
    #expect(writes.count == 6 && writes.allSatisfy { $0.role == .driver && $0.value == 0 })
  }

  @Test func ringAddressesNearTheTopOfTheAddressSpaceAreNamedErrorsNotTraps() {
    for base: UInt64 in [UInt64.max - 15, UInt64.max & ~15, 1 << 63, (1 << 63) - 4096] {
      var config = Virtqueue.Configuration(size: 8)
      config.addresses = (desc: base & ~15, avail: 0x2000, used: 0x3000)
      #expect(throws: VirtqueueError.self) { try Virtqueue(config) }
      config.addresses = (desc: 0x1000, avail: base & ~1, used: 0x3000)
      #expect(throws: VirtqueueError.self) { try Virtqueue(config) }
    }
  }

  @Test func implicitMemoryIsCappedLikeAnExplicitOne() throws {
    var config = Virtqueue.Configuration(size: 8)
    config.addresses = (desc: 1 << 40, avail: (1 << 40) + 0x1000, used: (1 << 40) + 0x2000)
    let error = try #require(throws: VirtqueueError.self) { try Virtqueue(config) }
    #expect(error.kind == .addressOutOfRange)
    #expect(error.message.contains("256M"))
    config.addresses = (desc: 0x10_0000, avail: 0x10_1000, used: 0x10_2000)
    let q = try Virtqueue(config)
    #expect(q.memory.size > 0x10_2000)
  }
}
