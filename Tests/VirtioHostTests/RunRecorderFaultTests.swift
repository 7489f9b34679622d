import Foundation
import Glibc
import Testing
import VirtioCore
import VirtioScript

@testable import VirtioHost

/// `guest --fault` and `--record` together, and a chain through an indirect table, without QEMU: the fault's used
/// ring writes are the engine's (traced as pokes), so the live trace and the recording show them, and the
/// recording replays on the engine.
struct RunRecorderFaultTests {
  let recorderTests = RunRecorderTests()
  let layout = try! SplitLayout(size: 4, descriptorTable: 0x10000, availRing: 0x10040, usedRing: 0x11000)

  func device(fault: DeviceFault?) throws -> (RngDevice, GuestMemory) {
    let region = try recorderTests.sharedRAM()
    let driverView = try GuestMemory(
      regions: [GuestMemoryRegion(guestPhysicalAddress: 0, size: region.size, base: region.base, writable: true, owner: region)])
    let device = RngDevice(pattern: Array("virtio-tutor ".utf8), fault: fault, recording: true)
    device.attach(memory: MemoryTable(regions: [region]), layout: layout, features: [.version1, .eventIdx, .indirectDesc], lastAvailIdx: 0)
    return (device, driverView)
  }

  func replay(_ script: String) throws -> ScriptSession {
    var session = ScriptSession()
    #expect(session.run(try ScriptParser(file: "recording").parse(script)) == .completed)
    return session
  }

  @Test(arguments: [(DeviceFault.usedIDOutOfRange, UInt32(7)), (.usedIDNotHead, 1)])
  func aFaultIsTracedAndRecordedAsPokes(fault: DeviceFault, id: UInt32) throws {
    var (device, driver) = try device(fault: fault)
    try recorderTests.post(head: 0, availIdx: 0, layout: layout, memory: &driver)
    device.countKick()
    #expect(device.serve())  // the driver is interrupted: it must see the bad element

    // The engine wrote the forged element and used.idx, and its used_idx says what memory says.
    let used: UInt16 = try driver.load(at: layout.usedIdx)
    let usedID: UInt32 = try driver.load(at: layout.usedElement(0))
    #expect(used == 1 && usedID == id)
    #expect(device.usedIdx == 1)
    #expect(device.error?.kind == .queueBroken)
    // The live view's trace has the writes, as pokes of the used ring by the device.
    let pokes = device.recentTrace.filter { $0.kind == .poke }
    #expect(pokes.map(\.field) == [.usedRingID(0), .usedRingLen(0), .usedIdx])
    #expect(pokes.allSatisfy { $0.role == .device })
    #expect(pokes.first?.detail == "sets used.ring[0].id directly: 0 → \(id)")

    let recorder = try #require(device.recorder)
    let lines = recorder.lines
    let note = "note device fault \(fault.rawValue): used.ring[0] = {id \(id), len 64} for chain 0"
    let at = try #require(lines.firstIndex(of: note), "\(lines.suffix(8))")
    #expect(lines[at - 1] == "device pop")
    #expect(Array(lines[(at + 1)...]) == [
      "poke used.ring[0].id=0x\(String(id, radix: 16))", "poke used.ring[0].len=0x40", "poke used.idx=0x1",
      "note recording stopped: the device is broken on purpose and serves nothing more",
    ])
    #expect(recorder.isStopped)

    // The replay writes the same element: the engine, fed Linux's writes and the pokes, ends where the device did.
    let session = try replay(recorder.script)
    let queue = try #require(session.queue)
    #expect(try queue.value(of: .usedRingID(0)) == UInt64(id))
    #expect(try queue.value(of: .usedIdx) == 1)
    #expect(queue.trace.entries.filter { $0.kind == .poke && $0.role == .device }.map(\.detail) == pokes.map(\.detail))
  }

  /// A chain through an indirect table (Linux's virtio-blk shape; virtio-rng never uses one): the recording pokes
  /// the table's entries as the device read them, and the replay pops and serves the same chain.
  @Test func anIndirectTableIsRecordedAndReplayed() throws {
    var (device, driver) = try device(fault: nil)
    let table: UInt64 = 0x20000
    for (i, address) in [UInt64(0x40000), 0x40100].enumerated() {
      let entry = table + 16 * UInt64(i)
      try driver.store(address, at: entry)
      try driver.store(UInt32(32), at: entry + 8)
      try driver.store(UInt16(i == 0 ? 3 : 2), at: entry + 12)  // WRITE|NEXT, then WRITE
      try driver.store(UInt16(i + 1), at: entry + 14)
    }
    try driver.store(table, at: layout.descriptorTable)
    try driver.store(UInt32(32), at: layout.descriptorTable + 8)
    try driver.store(UInt16(4), at: layout.descriptorTable + 12)  // VRING_DESC_F_INDIRECT
    try driver.store(UInt16(0), at: layout.descriptorTable + 14)
    try driver.store(UInt16(0), at: layout.availEntry(0))
    try driver.store(UInt16(1), at: layout.availIdx)
    device.countKick()
    _ = device.serve()
    #expect(device.counters.requestsServed == 1)
    #expect(device.counters.bytesServed == 64)

    let recorder = try #require(device.recorder)
    #expect(!recorder.isStopped)
    let lines = recorder.lines
    #expect(lines.contains("poke desc[0].flags=0x4"))
    #expect(lines.contains("poke indirect@0x20000[0].addr=0x40000"))
    #expect(lines.contains("poke indirect@0x20000[0].flags=0x3"))
    #expect(lines.contains("poke indirect@0x20000[1].addr=0x40100"))
    #expect(lines.contains("poke indirect@0x20000[1].len=0x20"))
    #expect(lines.contains("expect used.ring[0].len == 64"))
    let session = try replay(recorder.script)
    #expect(session.queue?.counters.chainsPushed == 1)
  }

  @Test func theParserReadsAnIndirectTableEntryAndRefusesOneNear2To64() throws {
    let script = try ScriptParser(file: "t").parse("queue size=4\npoke indirect@0x4000[1].len=16\n")
    #expect(script.lines.last?.command == .poke(.indirect(table: 0x4000, 1, .len), 16))
    #expect(throws: ScriptFailure.self) { try ScriptParser(file: "t").parse("queue size=4\npoke indirect@0xffffffffffffffff[0].len=1\n") }
    #expect(throws: ScriptFailure.self) { try ScriptParser(file: "t").parse("queue size=4\npoke indirect@0x4000[65536].len=1\n") }
  }
}
