import TestSupport
import Testing
import VirtioCore
@testable import VirtioScript

/// Hostile shapes the parser must turn into `file:line:col` errors: buffer counts past any queue, byte totals past
/// any memory, numbers past every integer type. Seeded, so a failure names the input that caused it.
@Suite struct ScriptParserLimitTests {
  func failure(_ text: String) -> String? {
    do {
      _ = try ScriptParser(file: "t.virtio").parse(text)
      return nil
    } catch {
      return error.description
    }
  }

  @Test func sixtyFiveThousandBuffersIsAnErrorNotATrap() {
    let out = Array(repeating: "1", count: 65_536).joined(separator: ",")  // column: the 32769th size
    let message = failure("queue size=8\ndriver add out=\(out)")
    #expect(message == "t.virtio:2:65552: error: out names more than 32768 buffers (the largest queue size)")
    let both = Array(repeating: "1", count: 20_000).joined(separator: ",")
    #expect(failure("queue size=8\ndriver add out=\(both) in=\(both)")
      == "t.virtio:2:8: error: driver add names 40000 buffers; a chain may have at most 32768 (the largest queue size)")
  }

  @Test func theLargestChainStillParses() {
    let out = Array(repeating: "1", count: 32_768).joined(separator: ",")
    #expect(failure("queue size=8\ndriver add out=\(out)") == nil)
  }

  @Test func bufferBytesAreCappedBeforeAnyIsBuilt() {
    let before = maxRSS()
    let out = Array(repeating: "16M", count: 32_768).joined(separator: ",")
    #expect(failure("queue size=8\ndriver add out=\(out)")
      == "t.virtio:2:8: error: driver add names more than 256M of buffers; the largest guest memory is 256M")
    #expect(maxRSS() - before < 64 << 20)
  }

  /// Seeded generator: every numeric argument gets values around every integer type's edges; parsing either
  /// succeeds or reports a positioned error, and never builds more than the caps allow.
  @Test func integerEdgesEverywhereNeverTrap() {
    let edges = [
      "0", "1", "255", "256", "65535", "65536", "4294967295", "4294967296", "9223372036854775807",
      "9223372036854775808", "18446744073709551615", "18446744073709551616", "0xffffffffffffffff",
      "0x10000000000000000", "-1", "4K", "17M", "99999999999999999M", "4294967296K", "1_0", "_",
    ]
    let templates = [
      "queue size=#", "queue size=8 memory=#", "queue size=8 desc=# avail=# used=#", "driver add out=#",
      "driver add in=#,#", "driver add le32=#", "device push len=#", "poke desc[#].len=#", "poke avail.ring[#]=#",
      "poke used.ring[#].len=#", "driver status #", "expect avail.idx == #", "flow virtio packets=# bytes=#",
      "flow emulated bytes=# packets=#", "flow virtio batch=# queue-size=#", "flow virtio value=#",
    ]
    let memoryBefore = maxRSS()
    let cpuBefore = threadCPUSeconds()
    defer {
      // Bounds checked by the test itself: peak RSS (getrusage) and this thread's CPU time, never wall time.
      // 600 lines of at most a few capped commands: measured about 0.3 s of CPU and a few MB in debug.
      #expect(maxRSS() - memoryBefore < 300 << 20, "600 seeded lines grew the peak RSS by \((maxRSS() - memoryBefore) >> 20) MB")
      #expect(threadCPUSeconds() - cpuBefore < 30, "600 seeded lines took \(threadCPUSeconds() - cpuBefore) s of CPU")
    }
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<600 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let template = templates[Int(seed >> 33) % templates.count]
      var line = ""
      var k = seed
      for ch in template {
        if ch == "#" {
          k = k &* 6_364_136_223_846_793_005 &+ 1
          line += edges[Int(k >> 33) % edges.count]
        } else {
          line.append(ch)
        }
      }
      if let message = failure("queue size=8\n" + line) {
        #expect(message.hasPrefix("t.virtio:"), "\(line): \(message)")
      }
    }
  }
}
