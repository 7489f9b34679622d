import Testing
import VirtioCore
@testable import VirtioScript

/// `device push count=N`: complete N chains, publish once (QEMU virtqueue_fill … virtqueue_flush), both formats.
@Suite struct PushBatchScriptTests {
  func run(_ text: String) throws -> (ScriptSession, ScriptSession.Outcome) { try runScript(text) }

  func writes(_ trace: Trace, after sequence: Int) -> [String] {
    trace.entries(after: sequence).filter { $0.kind == .write }.compactMap { $0.field.map(String.init(describing:)) }
  }

  @Test func parsesCount() throws {
    let s = try ScriptParser(file: "t").parse("device push count=3 len=8\ndevice push count=2 increment\ndevice push")
    #expect(s.lines[0].command == .devicePushBatch(count: 3, length: 8, data: .pattern))
    #expect(s.lines[1].command == .devicePushBatch(count: 2, length: nil, data: .increment))
    #expect(s.lines[2].command == .devicePush(length: nil, data: .pattern))  // without count: today's command
    #expect(throws: ScriptFailure.self) { try ScriptParser(file: "t").parse("device push count=0") }
    #expect(throws: ScriptFailure.self) { try ScriptParser(file: "t").parse("device push count=32769") }
  }

  @Test func splitInOrderBatchOfThreeWithOneUsedElement() throws {
    let (session, outcome) = try run("""
      queue size=8 features=in_order
      driver add out=16
      driver add out=16 in=32
      driver add in=64
      driver publish
      device pop
      device pop
      device pop
      device push count=3
      expect used.idx == 3
      expect used.ring[0].id == 3
      expect used.ring[0].len == 64
      expect used.ring[1].id == 0
      expect pushed == 3
      driver reclaim
      expect reclaimed == 3
      expect free == 8
      expect last_used_idx == 3
      expect error == none
      """)
    #expect(outcome == .completed)
    let q = try #require(session.queue)
    let pushes = q.trace.entries.filter { $0.kind == .usedPushed }
    #expect(pushes.count == 1 && pushes[0].value == 3)
  }

  @Test func splitBatchWithoutInOrderWritesThreeElements() throws {
    let (_, outcome) = try run("""
      queue size=8
      driver add in=8
      driver add in=8
      driver add in=8
      driver publish
      device pop
      device pop
      device pop
      device push count=5 len=4
      expect used.idx == 3
      expect used.ring[0].id == 0
      expect used.ring[1].id == 1
      expect used.ring[2].id == 2
      expect used.ring[2].len == 4
      driver reclaim
      expect reclaimed == 3
      """)
    #expect(outcome == .completed)
  }

  @Test func packedBatchWritesItsFirstUsedDescriptorLast() throws {
    let (session, outcome) = try run("""
      queue size=4 format=packed
      driver add in=8
      driver add in=8
      driver add in=8
      driver publish
      device pop
      device pop
      device pop
      device push count=3 len=8
      expect desc[0].flags == AVAIL|USED|WRITE
      expect desc[2].id == 2
      driver reclaim
      expect reclaimed == 3
      """)
    #expect(outcome == .completed)
    let q = try #require(session.packedQueue)
    let pops = q.trace.entries.filter { $0.kind == .chainPopped }
    let flushWrites = writes(q.trace, after: pops.last!.sequence).filter { $0.hasPrefix("desc[") }
    #expect(
      flushWrites == [
        "desc[1].id", "desc[1].len", "desc[1].flags", "desc[2].id", "desc[2].len", "desc[2].flags",
        "desc[0].id", "desc[0].len", "desc[0].flags",
      ])
  }

  @Test func pushCountOnAnEmptyQueueIsQuiet() throws {
    let (session, outcome) = try run("""
      queue size=4
      device push count=2
      expect used.idx == 0
      expect error == none
      """)
    #expect(outcome == .completed)
    #expect(session.queue?.trace.entries.last?.detail == "nothing in flight to push")
  }
}
