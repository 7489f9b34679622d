import Foundation
import Testing
import VirtioCore
import VirtioHost

/// `inspect` against a stopped stock guest (QEMU's own virtio-rng, blk and net): the engine's decoding of every
/// ring equals QEMU's own view.
@Suite(.serialized) struct InspectEndToEndTests {
  @Test(.enabled(if: QEMUAvailability.ready, QEMUAvailability.skipReason))
  func decodedRingsEqualQEMUsView() throws {
    var options = GuestSession.Options()
    options.vhostUserRng = false
    options.stockDevices = true
    options.ramFile = true
    options.initArguments = "tutor=demo"
    let session = try GuestSession(image: QEMUAvailability.image, runtimeDirectory: NSTemporaryDirectory(), options: options)
    defer { session.shutdown() }
    let qmp = try session.connectQMP()
    try session.waitForConsole("TUTOR: IO-DONE", timeout: 120)
    try qmp.execute("stop")
    let ramFile = try #require(session.ramFile)
    let region = try MappedRegion.file(path: ramFile)
    let memory = try GuestMemory(regions: [
      GuestMemoryRegion(guestPhysicalAddress: 0, size: region.size, base: region.base, writable: false, owner: region)
    ])
    let reports = try RingInspector.inspect(qmp: qmp, memory: memory)
    #expect(Set(reports.map(\.device)) == ["virtio-rng", "virtio-blk", "virtio-net"])
    for r in reports {
      #expect(r.isConsistent, "\(r.device) queue \(r.queue): \(r.checks.filter { !$0.ok }.map(\.detail))")
    }
    // The net receive queue holds the driver's pre-posted buffers: each one decoded and compared with QEMU's element.
    let rx = try #require(reports.first { $0.device == "virtio-net" && $0.queue == 0 })
    #expect(rx.chains.count > 100)
    #expect(rx.chains.allSatisfy { $0.chain?.buffers.allSatisfy(\.isWritable) == true })
    #expect(rx.checks.filter { $0.name.hasPrefix("element") }.count == rx.chains.count)
    let rng = try #require(reports.first { $0.device == "virtio-rng" })
    #expect(rng.layout.size == 8)
    #expect(rng.availIdx == rng.usedIdx)

    // The same guest from a pmemsave dump: the same rings, the same checks.
    let dump = session.directory + "/pmemsave.bin"
    try qmp.execute("pmemsave", ["val": 0, "size": session.memoryMiB << 20, "filename": dump])
    let dumped = try MappedRegion.file(path: dump)
    #expect(dumped.size == UInt64(session.memoryMiB) << 20)
    let fromDump = try RingInspector.inspect(
      qmp: qmp,
      memory: try GuestMemory(regions: [GuestMemoryRegion(guestPhysicalAddress: 0, size: dumped.size, base: dumped.base, writable: false, owner: dumped)]))
    #expect(fromDump.map(\.isConsistent) == reports.map { _ in true })
    #expect(fromDump.map { "\($0.device) \($0.queue) \($0.availIdx) \($0.usedIdx) \($0.chains.count)" } == reports.map { "\($0.device) \($0.queue) \($0.availIdx) \($0.usedIdx) \($0.chains.count)" })
    session.shutdown()
    #expect(!FileManager.default.fileExists(atPath: ramFile))
    #expect(!FileManager.default.fileExists(atPath: dump))
  }

  /// A disk request caught in flight: QEMU throttles the disk to 2 requests a second while the guest's shell reads
  /// it in a loop, so the blk queue holds an outstanding INDIRECT chain (Linux: header, data, status in one
  /// table) that the engine decodes through the table, equal to QEMU's element. Read live, retried until QMP's
  /// indices and the RAM agree. `VIRTIO_TUTOR_SAVE_SNAPSHOT=FILE` also writes the snapshot (the checked-in
  /// `blk-inflight-snapshot.json` was made so).
  @Test(.enabled(if: QEMUAvailability.ready, QEMUAvailability.skipReason))
  func anOutstandingIndirectChainIsDecodedThroughItsTable() throws {
    var options = GuestSession.Options()
    options.vhostUserRng = false
    options.stockDevices = true
    options.ramFile = true
    options.diskIOPSLimit = 2
    options.initArguments = "tutor=shell"
    let session = try GuestSession(image: QEMUAvailability.image, runtimeDirectory: NSTemporaryDirectory(), options: options)
    defer { session.shutdown() }
    let qmp = try session.connectQMP()
    try session.waitForConsole("TUTOR: shell", timeout: 120)
    try session.type("while :; do dd if=/dev/vda of=/dev/null bs=4096 count=1 iflag=direct 2>/dev/null; done &\r")
    let ramFile = try #require(session.ramFile)
    let region = try MappedRegion.file(path: ramFile)
    let memory = try GuestMemory(regions: [
      GuestMemoryRegion(guestPhysicalAddress: 0, size: region.size, base: region.base, writable: false, owner: region)
    ])
    var caught: (reports: [QueueReport], exchanges: [QMPExchange])?
    for _ in 0..<200 where caught == nil {
      _ = session.pump(timeout: 50)
      let recorder = RecordingQMP(qmp)
      let reports = try RingInspector.inspect(qmp: recorder, memory: memory)
      let blk = reports.first { $0.device == "virtio-blk" }
      guard reports.allSatisfy(\.isConsistent), let blk, blk.qemuInUse > 0, blk.chains.contains(where: { $0.chain?.indirectTable != nil }) else { continue }
      caught = (reports, recorder.exchanges)
    }
    let (reports, exchanges) = try #require(caught, "no consistent view with a disk request in flight")
    let blk = try #require(reports.first { $0.device == "virtio-blk" })
    let chain = try #require(blk.chains.first?.chain)
    let table = try #require(chain.indirectTable)
    #expect(table.count == 3)
    // virtio_blk_outhdr (16 bytes, device-readable), the 4096-byte sector data and the status byte (writable).
    #expect(chain.buffers.map { "\($0.length)\($0.isWritable ? "w" : "r")" } == ["16r", "4096w", "1w"])
    #expect(blk.checks.contains { $0.name.hasPrefix("element") && $0.ok })
    if let path = ProcessInfo.processInfo.environment["VIRTIO_TUTOR_SAVE_SNAPSHOT"] {
      let snapshot = try RingSnapshot.capture(
        qemuVersion: qmp.version, capturedWith: "InspectEndToEndTests: stock guest, disk throttled to 2 IOPS, dd loop on /dev/vda, read live",
        exchanges: exchanges, reports: reports, memory: memory, ramSize: region.size)
      try snapshot.json().write(to: URL(fileURLWithPath: path))
    }
  }
}
