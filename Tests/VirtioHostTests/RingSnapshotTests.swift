import Foundation
import Testing
import VirtioCore
import VirtioHost

/// The checked-in snapshot of a real guest (`virtio-tutor inspect --boot --save-snapshot`, QEMU 7.2.22, Linux 6.1:
/// QEMU's own virtio-rng, virtio-blk and virtio-net after one request each) decoded without QEMU.
struct RingSnapshotTests {
  static var fixtures: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures") }

  static func snapshot() throws -> RingSnapshot {
    try RingSnapshot(json: try Data(contentsOf: fixtures.appendingPathComponent("stock-guest-snapshot.json")))
  }

  static func reports(_ snapshot: RingSnapshot) throws -> [QueueReport] {
    try RingInspector.inspect(qmp: snapshot.qmp, memory: try snapshot.memory())
  }

  @Test func decodesEveryQueueOfTheRealGuestAsQEMUSawIt() throws {
    let snapshot = try Self.snapshot()
    #expect(snapshot.qemuVersion == "7.2.22")
    let reports = try Self.reports(snapshot)
    #expect(reports.map { "\($0.device) \($0.queue) \($0.layout.size)" } == [
      "virtio-net 0 256", "virtio-net 1 256", "virtio-net 2 64", "virtio-blk 0 256", "virtio-rng 0 8",
    ])
    for r in reports {
      #expect(r.isConsistent, "\(r.device) queue \(r.queue): \(r.checks.filter { !$0.ok }.map(\.detail))")
      #expect(r.features == [.version1, .indirectDesc, .eventIdx])
    }
    // The net receive queue: 254 pre-posted device-writable buffers (mergeable rx buffers carved from pages: 1536
    // bytes, the last one of each 32 KiB the 2048-byte rest), each equal to QEMU's element.
    let rx = reports[0]
    #expect((rx.qemuLastAvail, rx.availIdx, rx.usedIdx, rx.usedEvent) == (2, 256, 2, 2))
    #expect(rx.chains.count == 254)
    #expect(rx.chains.allSatisfy { $0.chain?.buffers.count == 1 && $0.chain?.buffers[0].isWritable == true })
    let lengths = Dictionary(grouping: rx.chains.compactMap { $0.chain?.buffers.first?.length }, by: { $0 }).mapValues(\.count)
    #expect(lengths == [1536: 242, 2048: 12])
    #expect(rx.chains.map(\.head) == (2..<256).map(UInt16.init))
    #expect(rx.checks.filter { $0.name.hasPrefix("element") && $0.ok }.count == 254)
    // The rng queue: 4 requests served, nothing outstanding; EVENT_IDX asks for a kick at the next one.
    let rng = reports[4]
    #expect((rng.availIdx, rng.usedIdx, rng.usedEvent, rng.availEvent) == (4, 4, 4, 4))
    #expect(rng.chains.isEmpty)
  }

  @Test func aCorruptedRingGetsTheLessonsNamedErrors() throws {
    var snapshot = try Self.snapshot()
    let rx = try Self.reports(snapshot)[0]
    // Descriptor 2 (the head at avail position 2) now says NEXT → 2: a chain that loops.
    let descriptor = rx.layout.descriptor(2)
    let r = try #require(snapshot.ranges.firstIndex { $0.address <= descriptor && descriptor < $0.address + UInt64($0.bytes.count) })
    let offset = Int(descriptor - snapshot.ranges[r].address)
    snapshot.ranges[r].bytes[offset + 12] = 0x03  // NEXT | WRITE
    snapshot.ranges[r].bytes[offset + 14] = 2
    let broken = try Self.reports(snapshot)[0]
    #expect(broken.chains[0].error?.kind == .loopedDescriptor)
    #expect(!broken.isConsistent)
    // An available-ring head past the queue size.
    let slot = rx.layout.availEntry(3)
    let s = try #require(snapshot.ranges.firstIndex { $0.address <= slot && slot < $0.address + UInt64($0.bytes.count) })
    snapshot.ranges[s].bytes[Int(slot - snapshot.ranges[s].address) + 1] = 0x7f
    #expect(try Self.reports(snapshot)[0].chains[1].error?.kind == .headOutOfRange)
  }

  @Test func roundTripsThroughItsJSON() throws {
    let snapshot = try Self.snapshot()
    let back = try RingSnapshot(json: try snapshot.json())
    #expect(back.ranges == snapshot.ranges)
    #expect(back.exchanges.count == snapshot.exchanges.count)
    #expect(try Self.reports(back).map(\.isConsistent) == [true, true, true, true, true])
  }

  @Test func malformedSnapshotFilesAreNamedErrors() {
    #expect(throws: VhostUserError(.badPayload, "the snapshot is not a JSON object")) { try RingSnapshot(json: Data("[1]".utf8)) }
    #expect(throws: VhostUserError(.badPayload, "the snapshot needs a 'qmp' list and a 'ram' list")) { try RingSnapshot(json: Data("{}".utf8)) }
    #expect(throws: VhostUserError(.badPayload, "qmp[0] has no 'execute'")) { try RingSnapshot(json: Data(#"{"qmp":[{}],"ram":[]}"#.utf8)) }
    #expect(throws: VhostUserError(.badPayload, "the snapshot has no whole 'ram_size'")) { try RingSnapshot(json: Data(#"{"qmp":[],"ram":[]}"#.utf8)) }
    let outside = RingSnapshot(qemuVersion: "", capturedWith: "", exchanges: [], ranges: [.init(address: 4090, bytes: [1, 2, 3, 4, 5, 6, 7])], ramSize: 4096)
    #expect(throws: VirtqueueError(.addressOutOfRange, "captured range 0xffa + 7 lies outside the 4096-byte RAM")) { try outside.memory() }
    #expect(throws: VhostUserError(.badPayload, "ram[0] has no base64 bytes")) {
      try RingSnapshot(json: Data(#"{"qmp":[],"ram":[{"address":0,"base64":"%%"}]}"#.utf8))
    }
    #expect(throws: VhostUserError(.badPayload, "ram[0] has no whole 'address'")) {
      try RingSnapshot(json: Data(#"{"qmp":[],"ram":[{"address":-4096,"base64":"AA=="}]}"#.utf8))
    }
  }

  @Test func aCommandTheSnapshotNeverSawIsAnError() throws {
    let qmp = try Self.snapshot().qmp
    #expect(throws: VhostUserError.self) { try qmp.execute("query-status", [:]) }
  }
}
