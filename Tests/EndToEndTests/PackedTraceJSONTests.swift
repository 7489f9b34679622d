import Foundation
import Testing
import VirtioScript
@testable import virtio_tutor

/// `trace --format json` on a packed queue: the queue object gives every address an outside checker needs to
/// decode the slots from `--dump-memory`'s bytes.
@Suite struct PackedTraceJSONTests {
  @Test func packedQueueObjectAndDecodableMemory() throws {
    let script = try ScriptParser(file: "p.virtio").parse("""
      queue size=4 format=packed features=event_idx
      driver add out=16 in=64 indirect=never
      driver publish
      device pop
      device push len=64
      driver reclaim
      """)
    var session = ScriptSession()
    let outcome = session.run(script)
    let json = TraceJSON.document(session: session, outcome: outcome)
    let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let queue = try #require(root["queue"] as? [String: Any])
    #expect(queue["format"] as? String == "packed")
    #expect(queue["size"] as? Int == 4 && queue["desc"] as? Int == 0x1000)
    #expect(queue["driver_event"] as? Int == 0x1040 && queue["device_event"] as? Int == 0x1044)
    #expect((root["counters"] as? [String: Any])?["reclaimed"] as? Int == 1)
    // What --dump-memory writes: slot 0 is the used descriptor {id 0, len 64, WRITE|AVAIL|USED}.
    let bytes = try #require(session.guestMemory).bytes
    #expect(Array(bytes[0x1008..<0x1010]) == [64, 0, 0, 0, 0, 0, 0x82, 0x80])
    #expect(Array(bytes[0x1018..<0x1020]) == [64, 0, 0, 0, 0, 0, 0x82, 0x00])
    let split = TraceJSON.document(session: { var s = ScriptSession(); s.run(try! ScriptParser(file: "s").parse("queue size=2")); return s }(), outcome: .completed)
    let splitRoot = try #require(try JSONSerialization.jsonObject(with: Data(split.utf8)) as? [String: Any])
    #expect((splitRoot["queue"] as? [String: Any])?["format"] as? String == "split")
  }
}
