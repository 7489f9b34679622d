import Foundation
import Glibc
import Testing
import VirtioCore
import VirtioScript

@testable import VirtioHost

/// `guest --record` without QEMU: a driver written here (Linux's virtio-rng shape: one 64-byte device-writable
/// buffer posted at a time) shares a memfd with our device, the device records, and the recording replays on the
/// engine with every `expect` holding (the engine, fed the same driver writes, writes what our device wrote).
struct RunRecorderTests {
  /// Guest RAM of 1 MiB in an unlinked file, mapped shared for the device (as `SET_MEM_TABLE` does a memfd) and
  /// viewed by the driver.
  func sharedRAM() throws -> MappedRegion {
    let path = NSTemporaryDirectory() + "/run-recorder-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0o600)
    #expect(fd >= 0)
    unlink(path)
    defer { close(fd) }
    #expect(ftruncate(fd, 1 << 20) == 0)
    return try MappedRegion(fd: fd, guestPhysicalAddress: 0, size: 1 << 20, userAddress: 0, offset: 0, writable: true)
  }

  /// Posts descriptor `head` (a 64-byte device-writable buffer at `0x40000 + 64 * head`) as the driver does.
  func post(head: UInt16, availIdx: UInt16, layout: SplitLayout, memory: inout GuestMemory) throws {
    let desc = layout.descriptorTable + 16 * UInt64(head)
    try memory.store(UInt64(0x40000 + 64 * Int(head)), at: desc)
    try memory.store(UInt32(64), at: desc + 8)
    try memory.store(UInt16(2), at: desc + 12)  // VRING_DESC_F_WRITE
    try memory.store(UInt16(0), at: desc + 14)
    try memory.store(head, at: layout.availEntry(layout.slot(availIdx)))
    try memory.store(availIdx &+ 1, at: layout.availIdx)
  }

  func record(eventIdx: Bool, requests: Int) throws -> (script: String, device: RngDevice) {
    let region = try sharedRAM()
    let layout = try SplitLayout(size: 4, descriptorTable: 0x10000, availRing: 0x10040, usedRing: 0x11000)
    var driverView = try GuestMemory(
      regions: [GuestMemoryRegion(guestPhysicalAddress: 0, size: region.size, base: region.base, writable: true, owner: region)])
    let device = RngDevice(pattern: Array("virtio-tutor ".utf8), recording: true)
    let features: VirtioFeatures = eventIdx ? [.version1, .eventIdx, .indirectDesc] : [.version1, .indirectDesc]
    device.attach(memory: MemoryTable(regions: [region]), layout: layout, features: features, lastAvailIdx: 0)
    for i in 0..<requests {
      try post(head: UInt16(i % 2), availIdx: UInt16(i), layout: layout, memory: &driverView)
      device.countKick()
      _ = device.serve()
    }
    return (try #require(device.recorder).script, device)
  }

  @Test(arguments: [true, false]) func aRecordingReplaysOnTheEngine(eventIdx: Bool) throws {
    let (script, device) = try record(eventIdx: eventIdx, requests: 3)
    #expect(device.counters.requestsServed == 3)
    let lines = script.split(separator: "\n").map(String.init)
    #expect(lines.contains("queue size=4 desc=0x10000 avail=0x10040 used=0x11000 memory=1M features=\(eventIdx ? "indirect_desc,event_idx" : "indirect_desc")"))
    // What the driver wrote before the first kick, as our device read it, in the order it read it.
    #expect(lines[3] == "note the ring starts: our device serves what the guest's driver has already posted")
    #expect(lines.contains("poke avail.idx=0x1"))
    #expect(lines.contains("poke desc[0].addr=0x40000"))
    #expect(lines.contains("poke desc[0].flags=0x2"))
    #expect(lines.contains("expect used.ring[2].len == 64"))
    #expect(lines.contains("expect used.idx == 3"))
    #expect(lines.filter { $0.hasPrefix("device push len=64 data=7669727469") }.count == 3)
    if eventIdx { #expect(lines.contains("expect used.avail_event == 3")) }

    var session = ScriptSession()
    let parsed = try ScriptParser(file: "recording").parse(script)
    #expect(session.run(parsed) == .completed)
    #expect(session.queue?.counters.chainsPushed == 3)
  }

  @Test func aSecondRingStartEndsTheRecording() throws {
    let (_, device) = try record(eventIdx: true, requests: 1)
    let region = try sharedRAM()
    let layout = try SplitLayout(size: 4, descriptorTable: 0x10000, availRing: 0x10040, usedRing: 0x11000)
    device.detach()
    device.attach(memory: MemoryTable(regions: [region]), layout: layout, features: [.version1], lastAvailIdx: 0)
    let recorder = try #require(device.recorder)
    #expect(recorder.isStopped)
    #expect(recorder.lines.last == "note recording stopped: the guest set the ring up again; the recording ends here")
  }

  @Test func theRecordingIsBounded() throws {
    var recorder = RunRecorder(lineLimit: 10)
    let layout = try SplitLayout(size: 4)
    recorder.start(layout: layout, features: [], memorySize: 1 << 20, lastAvailIdx: 0, usedIdx: 0)
    for _ in 0..<50 { recorder.kick() }
    #expect(recorder.lines.count == 10)
    #expect(recorder.lines.last == "note recording stopped: the recording reached 10 lines")
  }
}
