import Testing
import VirtioCore
@testable import VirtioScript

/// The script language on a packed queue, spelled exactly as issue 11 spells it.
@Suite struct PackedScriptTests {
  func run(_ text: String) throws -> (ScriptSession, ScriptSession.Outcome) { try runScript(text) }

  @Test func workedExampleAsAScript() throws {
    let (session, outcome) = try run("""
      queue size=4 format=packed features=event_idx,indirect_desc
      expect driver.wrap == 1
      expect device.wrap == 1
      expect &desc[1].id == 0x101c
      expect &driver_event.off_wrap == 0x1040
      expect &device_event.flags == 0x1046
      driver add in=16
      expect desc[0].flags == 0          # held back until publish
      driver publish
      expect desc[0].flags == AVAIL|WRITE
      expect desc[0].id == 0
      driver add out=16 in=512 indirect=never
      driver publish
      expect desc[1].flags == NEXT|AVAIL
      expect desc[2].flags == AVAIL|WRITE
      expect desc[2].id == 1
      driver add out=64
      driver publish
      expect desc[3].id == 3
      expect desc[3].flags == 0x0080
      expect driver.wrap == 0
      driver kick
      expect kicks == 1
      driver interrupts off
      expect driver_event.flags == DISABLE
      device pop
      device pop
      device pop
      device pop                         # quiet: slot 0 is not available for wrap 0
      expect spurious == 1
      expect device.wrap == 0
      device push len=16
      device push len=500
      device push len=0
      expect desc[0].flags == AVAIL|USED|WRITE
      expect desc[1].len == 500
      expect desc[3].flags == AVAIL|USED
      expect desc[2].flags == AVAIL|WRITE  # the stale slot of round 1
      expect device.used_wrap == 0
      driver reclaim
      expect reclaimed == 3
      expect driver.used_wrap == 0
      expect free == 4
      poke driver_event.off_wrap=0x8003
      expect driver_event.off_wrap == 0x8003
      poke device_event.flags=DISABLE
      expect device_event.flags == DISABLE
      expect device_event.off_wrap == 0
      driver add in=16
      driver publish
      expect desc[0].flags == USED|WRITE
      expect desc[0].id == 3
      driver kick
      expect kicks_suppressed == 1
      """)
    #expect(outcome == .completed, "\(outcome)")
    let q = try #require(session.packedQueue)
    #expect(session.queue == nil && q.layout.size == 4)
    #expect(try q.memory.read(at: 0x1008, count: 8) == [0x10, 0, 0, 0, 0x03, 0x00, 0x02, 0x80])  // len 16, id 3, USED|WRITE
  }

  @Test func pokeEveryPackedFieldAndDetectTheCorruption() throws {
    let (session, outcome) = try run("""
      queue size=4 format=packed
      driver add out=8 in=8 indirect=never
      driver publish
      poke desc[2].flags=0x0082
      expect desc[2].flags == 0x0082
      poke desc[1].addr=0x3000
      poke desc[1].id=7
      expect desc[1].id == 7
      poke desc[1].len=0
      expect desc[1].len == 0
      poke driver_event.flags=DESC
      expect driver_event.flags == DESC
      poke device_event.off_wrap=0x8003
      expect device_event.off_wrap == 0x8003
      device pop
      expect error == zero-length-buffer
      expect status has DEVICE_NEEDS_RESET
      """)
    #expect(outcome == .completed, "\(outcome)")
    #expect(session.lastError?.line == 15)
    #expect(session.lastError?.error.message == "virtio: zero sized buffers are not allowed (desc[1].len = 0)")
  }

  @Test func packedAndSplitFieldsStayApart() throws {
    let (_, outcome) = try run("""
      queue size=4 format=packed
      expect avail.idx == 0
      """)
    guard case .failed(let failure) = outcome else { Issue.record("\(outcome)"); return }
    #expect(failure.message.contains("avail.idx is a split-ring field"))
    let (_, split) = try run("""
      queue size=4
      expect desc[0].id == 0
      """)
    guard case .failed = split else { Issue.record("desc[0].id on a split queue: \(split)"); return }
    #expect(throws: ScriptFailure.self) { try ScriptParser(file: "t").parse("queue size=4 format=ring") }
    #expect(throws: ScriptFailure.self) { try ScriptParser(file: "t").parse("queue size=4 format=packed layout=legacy") }
    #expect(throws: ScriptFailure.self) { try ScriptParser(file: "t").parse("queue size=4\nexpect driver_event.flags == SOMETIMES") }
  }

  @Test func sizesThatAreNotPowersOfTwo() throws {
    let (session, outcome) = try run("""
      queue size=3 format=packed
      driver add in=8
      driver add in=8
      driver add in=8
      driver publish
      expect driver.wrap == 0
      device pop
      device pop
      device pop
      device push
      device push
      device push
      driver reclaim
      expect reclaimed == 3
      expect driver.used_wrap == 0
      """)
    #expect(outcome == .completed, "\(outcome)")
    #expect(session.packedQueue?.layout.driverEvent == 0x1030)
    let (_, bad) = try run("queue size=0 format=packed\n")
    guard case .unexpectedError(let e) = bad else { Issue.record("\(bad)"); return }
    #expect(e.error.kind == .invalidQueueSize)
  }
}
