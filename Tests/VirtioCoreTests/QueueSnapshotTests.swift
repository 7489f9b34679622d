import Testing
@testable import VirtioCore

@Suite struct QueueSnapshotTests {
  func queue(_ features: VirtioFeatures = [.version1, .eventIdx, .indirectDesc]) throws -> Virtqueue {
    var q = try Virtqueue(.init(size: 8, offered: features))
    try q.initialize(accepting: features)
    q.setIndirectPolicy(.never)
    return q
  }

  @Test func ownersFollowTheChainThroughItsLife() throws {
    var q = try queue()
    let head = try q.add(readable: [[1, 2, 3, 4]], writable: [16])
    var s = QueueSnapshot(q)
    #expect(s.owner(of: 0) == .driver && s.owner(of: 1) == .driver && s.owner(of: 2) == .free)
    let chain = try #require(s.chains[head])
    #expect(chain.descriptors == [0, 1])
    #expect(chain.buffers.map(\.isWritable) == [false, true])
    #expect(s.firstBytes(of: chain.buffers[0]) == [1, 2, 3, 4])
    #expect(s.numFree == 6 && s.availIdxShadow == 1 && s.publishedIdx == 0)
    try q.publish()
    #expect(QueueSnapshot(q).owner(of: 0) == .available)
    try q.pop()
    s = QueueSnapshot(q)
    #expect(s.owner(of: 1) == .device && s.inFlight == [head] && s.lastAvailIdx == 1)
    try q.push(length: 16)
    s = QueueSnapshot(q)
    #expect(s.owner(of: 0) == .used && s.deviceUsedIdx == 1 && s.usedIdx == 1)
    _ = try q.reclaim()
    s = QueueSnapshot(q)
    #expect(s.owners.isEmpty && s.chains.isEmpty && s.numFree == 8 && s.lastUsedIdx == 1)
  }

  @Test func anIndirectChainShowsItsTable() throws {
    var q = try queue()
    q.setIndirectPolicy(.always)
    let head = try q.add(readable: [[9]], writable: [8, 8])
    let s = QueueSnapshot(q)
    let chain = try #require(s.chains[head])
    let table = try #require(chain.indirectTable)
    #expect(chain.descriptors == [Int(head)] && table.count == 3)
    let entries = s.entries(of: table)
    #expect(entries.map(\.flags) == [.next, [.next, .write], .write])
    #expect(entries.map(\.next) == [1, 2, 0])
    #expect(s.descriptor(Int(head)).flags == .indirect)
  }

  @Test func replayingACommandsEventsMatchesTheEngineAfterIt() throws {
    var q = try queue()
    try q.add(readable: [[1]], writable: [4])
    try q.publish()
    let before = q
    let start = q.trace.nextSequence
    try q.pop()
    try q.push(length: 4)
    let events = q.trace.entries.filter { $0.sequence >= start }
    let replayed = QueueSnapshot(before).replaying(events, memory: q.memory.currentView)
    let direct = QueueSnapshot(q)
    #expect(replayed.owners == direct.owners)
    #expect(replayed.inFlight == direct.inFlight)
    #expect(replayed.lastAvailIdx == direct.lastAvailIdx && replayed.deviceUsedIdx == direct.deviceUsedIdx)
  }

  @Test func withoutOurDriverTheDeviceAndTheRingsSayWhoHoldsWhat() throws {
    // A real guest's queue: we only have the device side and guest memory.
    var q = try queue()
    try q.add(readable: [[1]], writable: [])
    try q.add(readable: [[2]], writable: [])
    try q.publish()
    try q.pop()
    let s = QueueSnapshot(layout: q.layout, memory: q.memory.currentView, device: q.device, driver: nil)
    #expect(!s.hasDriver)
    #expect(s.owner(of: 0) == .device && s.owner(of: 1) == .available)
    #expect(s.chains.count == 2 && s.publishedIdx == nil)
  }
}
