import Foundation
import Testing
import VirtioCore
import VirtioHost

/// The checked-in snapshot of a stock guest caught with a disk request in flight
/// (`InspectEndToEndTests.anOutstandingIndirectChainIsDecodedThroughItsTable` with `VIRTIO_TUTOR_SAVE_SNAPSHOT`,
/// QEMU 7.2, Linux 6.1, the disk throttled to 2 requests a second, read live), decoded by `inspect`'s code without
/// QEMU: the outstanding chain goes through an INDIRECT descriptor to a three-entry table.
struct InflightSnapshotTests {
  static func snapshot() throws -> RingSnapshot {
    try RingSnapshot(json: try Data(contentsOf: RingSnapshotTests.fixtures.appendingPathComponent("blk-inflight-snapshot.json")))
  }

  static func blk(_ snapshot: RingSnapshot) throws -> QueueReport {
    try #require(try RingSnapshotTests.reports(snapshot).first { $0.device == "virtio-blk" })
  }

  /// The address of entry `i` of the outstanding chain's indirect table, and the range that holds it.
  static func tableEntry(_ i: Int, in snapshot: RingSnapshot) throws -> (range: Int, offset: Int) {
    let table = try #require(try blk(snapshot).chains.first?.chain?.indirectTable)
    let address = table.address + 16 * UInt64(i)
    let r = try #require(snapshot.ranges.firstIndex { $0.address <= address && address + 16 <= $0.address + UInt64($0.bytes.count) })
    return (r, Int(address - snapshot.ranges[r].address))
  }

  @Test func theOutstandingRequestIsDecodedThroughItsIndirectTable() throws {
    let snapshot = try Self.snapshot()
    let reports = try RingSnapshotTests.reports(snapshot)
    for r in reports { #expect(r.isConsistent, "\(r.device) queue \(r.queue): \(r.checks.filter { !$0.ok }.map(\.detail))") }
    let blk = try Self.blk(snapshot)
    // QEMU has taken avail position 2 (last_avail_idx 3, used_idx 2, inuse 1); the request waits in its throttle.
    #expect((blk.qemuLastAvail, blk.qemuUsedIdx, blk.qemuInUse, blk.availIdx, blk.usedIdx) == (3, 2, 1, 3, 2))
    #expect(blk.chains.count == 1)
    let outstanding = try #require(blk.chains.first)
    #expect((outstanding.position, outstanding.head) == (2, 0))
    let chain = try #require(outstanding.chain)
    // Descriptor 0 is one INDIRECT descriptor; its table holds virtio_blk_outhdr, the sector and the status byte.
    #expect(chain.indirectTable?.address == 0x2a9_fd00)
    #expect(chain.indirectTable?.count == 3)
    #expect(chain.buffers.map { "\(hex($0.address))+\($0.length)\($0.isWritable ? "w" : "r")" } == ["0x2b30410+16r", "0x5fe5000+4096w", "0x2b30420+1w"])
    // Equal to QEMU's own element (which 7.2 lists in reverse).
    #expect(blk.checks.contains { $0.name == "element at avail position 2: head and buffers == QEMU's (reversed) descs" && $0.ok })
    // The table is in the snapshot's captured bytes: descriptor 0 of the queue says INDIRECT, 48 bytes.
    let desc0 = blk.layout.descriptor(0)
    let memory = try snapshot.memory()
    #expect(try memory.load(at: desc0) as UInt64 == 0x2a9_fd00)
    #expect(try memory.load(at: desc0 + 8) as UInt32 == 48)
    #expect(try memory.load(at: desc0 + 12) as UInt16 == 4)  // VRING_DESC_F_INDIRECT
  }

  @Test func aCorruptedIndirectTableGetsTheLessonsNamedErrors() throws {
    // Entry 1 of the table now says NEXT → 7 in a table of 3.
    var snapshot = try Self.snapshot()
    var (r, offset) = try Self.tableEntry(1, in: snapshot)
    snapshot.ranges[r].bytes[offset + 14] = 7
    #expect(try Self.blk(snapshot).chains.first?.error?.kind == .nextOutOfRange)
    #expect(try !Self.blk(snapshot).isConsistent)

    // Entry 0 now says INDIRECT itself: a table inside a table.
    snapshot = try Self.snapshot()
    (r, offset) = try Self.tableEntry(0, in: snapshot)
    snapshot.ranges[r].bytes[offset + 12] |= 4
    #expect(try Self.blk(snapshot).chains.first?.error?.kind == .nestedIndirect)

    // Entry 2 (the status byte) now readable after writable ones.
    snapshot = try Self.snapshot()
    (r, offset) = try Self.tableEntry(2, in: snapshot)
    snapshot.ranges[r].bytes[offset + 12] &= ~2
    #expect(try Self.blk(snapshot).chains.first?.error?.kind == .readableAfterWritable)
  }

  func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
}
