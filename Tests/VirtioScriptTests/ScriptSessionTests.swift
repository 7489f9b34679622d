import Testing
import VirtioCore
@testable import VirtioScript

@Suite struct ScriptSessionTests {
  func run(_ text: String) throws -> (ScriptSession, ScriptSession.Outcome) { try runScript(text) }

  @Test func oneRequestEndToEnd() throws {
    let (session, outcome) = try run("""
      queue size=8 features=event_idx
      driver add out=64 in=512
      driver publish
      driver kick
      device pop
      device push len=512
      device interrupt
      driver reclaim
      expect used.idx == 1
      expect avail.idx == 1
      expect kicks == 1
      expect interrupts == 1
      expect free == 8
      expect used.ring[0].len == 512
      expect status has DRIVER_OK
      expect features == event_idx,version_1
      expect error == none
      """)
    #expect(outcome == .completed)
    #expect(session.queue?.counters.chainsReclaimed == 1)
  }

  @Test func incrementDevice() throws {
    let (_, outcome) = try run("""
      queue size=1 features=indirect_desc,event_idx
      driver add le32=41 in=4
      expect desc[0].flags == INDIRECT
      expect desc[0].len == 32
      driver publish
      driver kick
      device pop
      device push len=1 increment
      device interrupt
      driver reclaim
      expect reclaimed.len == 1
      """)
    #expect(outcome == .completed)
    let (_, withFourBytes) = try run("queue size=1 features=indirect_desc\ndriver add le32=41 in=4\ndriver publish\ndevice pop\ndevice push increment\ndriver reclaim\nexpect reclaimed.le32 == 42")
    #expect(withFourBytes == .completed)
  }

  @Test func ringErrorsAreClaimedByExpect() throws {
    let base = "queue size=8\ndriver add out=8 in=8\ndriver publish\npoke desc[0].next=9\ndevice pop\n"
    let (s1, o1) = try run(base + "expect error == next-out-of-range\nexpect status has DEVICE_NEEDS_RESET")
    #expect(o1 == .completed)
    #expect(s1.lastError?.line == 5)
    let (_, o2) = try run(base)
    guard case .unexpectedError(let located) = o2 else { Issue.record("expected an unexpected error"); return }
    #expect(located.error.kind == .nextOutOfRange && located.line == 5)
  }

  @Test func expectationFailureStopsWithPosition() throws {
    let (_, outcome) = try run("queue size=8\nexpect avail.idx == 3")
    #expect(outcome == .failed(ScriptFailure(.expectation, "expectation failed: avail.idx == 3, but it is 0", file: "t.virtio", line: 2, column: 1)))
  }

  @Test func commandsBeforeQueueAreUsageErrors() throws {
    let (_, outcome) = try run("driver publish")
    guard case .failed(let failure) = outcome else { Issue.record("expected failure"); return }
    #expect(failure.kind == .usage && failure.line == 1)
  }

  /// A `queue` the engine refuses leaves no queue: the next command names that error and line, not "no queue yet";
  /// the error can still be claimed first; and a refused second `queue` does not leave the first one running.
  @Test func aRefusedQueueIsNamedByTheCommandsAfterIt() throws {
    let bad = "queue size=8 desc=0x8000000000000000 avail=0x8000000000001000 used=0x8000000000002000"
    let (_, outcome) = try run(bad + "\ndriver add out=16")
    guard case .failed(let failure) = outcome else { Issue.record("expected failure, got \(outcome)"); return }
    #expect(failure.kind == .usage && failure.line == 2)
    #expect(failure.message.hasPrefix("no queue: the `queue` on line 1 was rejected (address-out-of-range: "), "\(failure.message)")
    let (_, expecting) = try run(bad + "\nexpect used.idx == 0")
    guard case .failed(let evaluation) = expecting else { Issue.record("expected failure"); return }
    #expect(evaluation.message == "expect used.idx: no queue: the `queue` on line 1 was rejected (address-out-of-range)")
    let (_, claimed) = try run(bad + "\nexpect error == address-out-of-range")
    #expect(claimed == .completed)
    let (replaced, second) = try run("queue size=8\nqueue size=3\nexpect error == invalid-queue-size\ndriver add out=16")
    #expect(replaced.queue == nil)
    guard case .failed(let usage) = second else { Issue.record("expected failure"); return }
    #expect(usage.line == 4 && usage.message.contains("line 2 was rejected (invalid-queue-size"))
  }

  @Test func suppressionWithFlags() throws {
    let (_, outcome) = try run("""
      queue size=8
      device notifications off
      driver interrupts off
      driver add out=8
      driver publish
      driver kick
      expect kicks == 0
      expect kicks_suppressed == 1
      device pop
      device push
      device interrupt
      expect interrupts_suppressed == 1
      expect used.flags == 1
      expect avail.flags == 1
      """)
    #expect(outcome == .completed)
  }

  @Test func eventIdxBatchingSuppressesKicks() throws {
    // The device disables notifications while it works: avail_event stays at 1, so only the first batch kicks.
    let (_, outcome) = try run("""
      queue size=8 features=event_idx
      driver add out=8
      driver publish
      driver kick
      device notifications off
      device pop
      driver add out=8
      driver add out=8
      driver publish
      driver kick
      expect kicks == 1
      expect kicks_suppressed == 1
      """)
    #expect(outcome == .completed)
  }

  @Test func manualInitialisationAndStatusErrors() throws {
    let (_, outcome) = try run("""
      queue size=8 init=manual offer=event_idx,version_1
      driver status ACKNOWLEDGE
      driver status DRIVER_OK
      expect error == status-out-of-order
      driver status DRIVER
      device strict=on
      driver features indirect_desc
      driver status FEATURES_OK
      expect error == feature-not-offered
      expect status == ACKNOWLEDGE|DRIVER
      """)
    #expect(outcome == .completed)
  }

  @Test func withoutStrictTheDeviceMasksAnUnofferedFeatureAsQEMUDoes() throws {
    let (_, outcome) = try run("""
      queue size=8 init=manual offer=event_idx,version_1
      driver status ACKNOWLEDGE
      driver status DRIVER
      driver features version_1,indirect_desc
      driver status FEATURES_OK
      expect error == none
      expect status == ACKNOWLEDGE|DRIVER|FEATURES_OK
      expect features == VERSION_1
      """)
    #expect(outcome == .completed)
  }

  @Test func strictTakesOnOrOff() {
    #expect(throws: ScriptFailure.self) { try ScriptParser(file: "t").parse("device strict=maybe") }
    #expect(throws: ScriptFailure.self) { try ScriptParser(file: "t").parse("device strict=on extra") }
  }

  @Test func copiesSnapshotPrivateStateAndTheWriteLogSnapshotsMemory() throws {
    let script = try ScriptParser(file: "t").parse("queue size=8\ndriver add out=8\ndriver publish")
    var session = ScriptSession(journaling: true)
    session.run(Script(file: "t", lines: Array(script.lines.prefix(2))))
    let snapshot = session
    let position = session.memoryPosition
    session.run(Script(file: "t", lines: [script.lines[2]]))
    #expect(snapshot.queue?.driver.publishedIdx == 0)
    #expect(session.queue?.driver.publishedIdx == 1)
    // Guest memory is one object: the earlier state is a view at a write-log position.
    #expect(try snapshot.queue?.value(of: .availIdx, in: snapshot.memory(at: position)) == 0)
    #expect(try session.queue?.value(of: .availIdx) == 1)
  }
}
