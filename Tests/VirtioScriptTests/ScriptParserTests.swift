import Testing
import VirtioCore
@testable import VirtioScript

@Suite struct ScriptParserTests {
  func parse(_ text: String) throws(ScriptFailure) -> Script { try ScriptParser(file: "t.virtio").parse(text) }

  func failure(_ text: String) -> String? {
    do {
      _ = try parse(text)
      return nil
    } catch {
      return error.description
    }
  }

  @Test func parsesTheIssueExample() throws {
    let script = try parse("""
      queue size=8 layout=modern features=event_idx,indirect_desc
      driver add out=64 in=512        # one chain
      driver publish
      driver kick
      device pop
      device push len=512
      device interrupt
      driver reclaim
      poke desc[2].next=9
      expect error == next-out-of-range
      """)
    #expect(script.lines.count == 10)
    #expect(script.lines[1].text == "driver add out=64 in=512")
    guard case .queue(let setup) = script.lines[0].command else { Issue.record("not a queue"); return }
    #expect(setup.size == 8 && setup.layout == .modern && setup.features == [.eventIdx, .indirectDesc])
    #expect(script.lines[5].command == .devicePush(length: 512, data: .pattern))
    #expect(script.lines[8].command == .poke(.descriptor(2, .next), 9))
    #expect(script.lines[9].command == .expect(.init(quantity: .error, comparison: .equal, value: .name("next-out-of-range"))))
  }

  @Test func severalReadableBuffersAndData() throws {
    let s = try parse("queue size=4\ndriver add out=2,2 data=0xdeadbeef in=4\ndriver add le32=5 in=4\ndevice push increment")
    #expect(s.lines[1].command == .driverAdd(readable: [[0xde, 0xad], [0xbe, 0xef]], writable: [4], indirect: nil))
    #expect(s.lines[2].command == .driverAdd(readable: [[5, 0, 0, 0]], writable: [4], indirect: nil))
    #expect(s.lines[3].command == .devicePush(length: nil, data: .increment))
  }

  @Test func syntaxErrorsHaveExactPositions() {
    #expect(failure("queue size=8\n  drivr add out=1") == "t.virtio:2:3: error: unknown command 'drivr' (did you mean 'driver'?)")
    #expect(failure("queue size=8 feature=event_idx") == "t.virtio:1:14: error: unknown argument 'feature' (did you mean 'features'?); expected one of: size, layout, features, offer, desc, avail, used, memory, init, indirect, format, notify, ioeventfd, msix")
    #expect(failure("queue size=eight") == "t.virtio:1:12: error: size must be a number, found 'eight'")
    #expect(failure("queue size=8 features=event_idx,indirekt_desc") == "t.virtio:1:33: error: unknown feature 'indirekt_desc' (did you mean 'indirect_desc'?)")
    #expect(failure("poke desc[2].nxt=3") == "t.virtio:1:6: error: unknown ring field 'desc[2].nxt'; fields look like desc[2].next, avail.idx, avail.ring[0], used.ring[1].len, used_event, avail_event")
    #expect(failure("expect used.idx = 1") == "t.virtio:1:17: error: unknown comparison '='; use ==, !=, <, <=, >, >= or has")
    #expect(failure("expect error == next-out-of-rang") == "t.virtio:1:17: error: unknown error name 'next-out-of-rang' (did you mean 'next-out-of-range'?)")
    #expect(failure("note \"unterminated") == "t.virtio:1:6: error: unterminated quote")
    #expect(failure("driver add") == "t.virtio:1:8: error: driver add needs out= or in= buffers")
    #expect(failure("device interrupts") == "t.virtio:1:8: error: unknown device action 'interrupts' (did you mean 'interrupt'?)")
  }

  @Test func embeddedScriptsReportFileLines() {
    do {
      _ = try ScriptParser(file: "lesson.md", firstLine: 40).parse("queue size=8\n\ndriver bogus")
      Issue.record("expected an error")
    } catch {
      #expect(error.description == "lesson.md:42:8: error: unknown driver action 'bogus'")
    }
  }
}
