import TestSupport
import Testing

@testable import VirtioLessons

/// Seeded lessons whose step scripts hold the shapes that once trapped or blew up `check`, `render` and the tutor
/// (issue 10 items 1–5): buffer counts past any queue, ring addresses near 2^63 and 2^64, memory sized implicitly by
/// far addresses, flows at and past their limits. `check` runs every script through the real engine; each lesson
/// must come back with diagnostics (never a trap), and the whole batch within a memory bound.
@Suite struct HostileStepScriptTests {
  static let shapes: [String] = [
    "driver add out=" + Array(repeating: "1", count: 65_536).joined(separator: ","),
    "driver add out=" + Array(repeating: "1", count: 32_769).joined(separator: ","),
    "driver add out=" + Array(repeating: "16M", count: 17).joined(separator: ","),
    "queue size=8 desc=0xfffffffffffffff0 avail=0x2000 used=0x3000",
    "queue size=8 desc=0x1000 avail=0xfffffffffffffffe used=0x3000",
    // Rings that fit below 2^64 but end in its last page: rounding their end up to a page overflowed (a trap).
    "queue size=8 desc=0xffffffffffffff00 avail=0xfffffffffffff000 used=0xfffffffffffff800",
    "queue size=8 desc=0xffffffffffffff00 avail=0xfffffffffffff000 used=0xfffffffffffff800 memory=64K",
    "queue size=8 layout=legacy desc=0xffffffffffffe000 avail=0xffffffffffffe080 used=0xfffffffffffff000",
    "queue size=8 desc=0x8000000000000000 avail=0x8000000000001000 used=0x8000000000002000",
    "queue size=8 desc=0x10000000000 avail=0x10000001000 used=0x10000002000",
    "queue size=32768 desc=0xfff0000 avail=0x10000000 used=0x10010000",
    "queue size=8 memory=257M",
    "queue size=65536",
    "queue size=8 format=packed ring=0xfffffffffffffff0",
    "flow emulated bytes=65535 packets=64",
    "flow emulated bytes=65535 packets=65",
    "flow virtio packets=100001",
    "flow virtio bytes=65536",
    "flow virtio queue-size=65536",
    "flow assigned batch=1000000 queue-size=32768",
    "poke desc[40000].len=1",
    "poke avail.ring[65535]=1",
    "expect avail.idx == 18446744073709551616",
  ]

  func lesson(_ scripts: [String]) -> [UInt8] {
    var text = "---\ntitle: Hostile\n---\n"
    for (k, script) in scripts.enumerated() {
      text += "\n## Step \(k + 1)\n\nText.\n\n```virtio\nqueue size=8\n\(script)\n```\n"
    }
    return Array(text.utf8)
  }

  @Test func everyShapeIsADiagnosticNotATrap() {
    let before = maxRSS()
    for shape in Self.shapes {
      var checker = LessonChecker(evaluator: EngineScriptEvaluator())
      let diagnostics = checker.check(bytes: lesson([shape]), file: "t.md")
      for d in diagnostics { #expect(d.position.line >= 1, "\(shape): \(d)") }
    }
    #expect(maxRSS() - before < 400 << 20)
  }

  /// Seeded: two to four shapes per lesson, in random order, so each also runs after another's state.
  @Test func seededCombinationsStayBounded() {
    var seed: UInt64 = 0x0B10_C0DE
    func next(_ n: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(seed >> 33) % n
    }
    let before = maxRSS()
    for _ in 0..<12 {
      let scripts = (0..<(2 + next(3))).map { _ in Self.shapes[next(Self.shapes.count)] }
      var checker = LessonChecker(evaluator: EngineScriptEvaluator())
      let diagnostics = checker.check(bytes: lesson(scripts), file: "t.md")
      #expect(diagnostics.allSatisfy { $0.position.line >= 1 })
    }
    #expect(maxRSS() - before < 400 << 20)
  }
}
