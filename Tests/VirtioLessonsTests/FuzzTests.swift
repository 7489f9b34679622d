import Testing

@testable import VirtioLessons

/// SplitMix64: a tiny seeded generator so every run feeds the same inputs.
private struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The parser must return, never trap, whatever it is fed.
@Suite struct FuzzTests {
  /// Bytes that matter to the parser's stages, to make mutations hit interesting paths.
  private static let interesting: [[UInt8]] = [
    Array("---\n".utf8), Array("\n".utf8), Array("<!--".utf8), Array("-->".utf8), Array("```".utf8),
    Array("```virtio\n".utf8), Array("```exercise\n".utf8), Array("## ".utf8), Array("|".utf8), Array(":".utf8),
    Array("[x] ".utf8), Array("*".utf8), Array("> ".utf8), Array("\t".utf8), [0x1B, 0x5B], [0xC3], [0xFF], [0x0D],
    [0x00], Array("é".utf8), Array("title: ".utf8), Array("note: ".utf8), Array("[".utf8), Array("{".utf8),
  ]

  @Test func randomBytesNeverTrap() {
    var rng = SplitMix64(state: 0x5EED)
    for round in 0..<300 {
      let count = Int.random(in: 0..<400, using: &rng)
      var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
      if round % 2 == 0 { bytes = Array("---\ntitle: x\n---\n".utf8) + bytes }
      let (lesson, diagnostics) = LessonParser.parse(bytes: bytes, file: "fuzz.md")
      #expect(lesson != nil || diagnostics.contains(where: \.isError))
      #expect(diagnostics.allSatisfy { isPrintableLine($0.description) })
    }
  }

  /// Diagnostics are printed to the terminal: one line, no control characters.
  private func isPrintableLine(_ text: String) -> Bool {
    !text.unicodeScalars.contains { ControlCharacter.isControl($0.value) }
  }

  @Test func mutatedLessonsNeverTrap() {
    let good = Fixture.bytes("good/01-split-ring.md")
    #expect(!good.isEmpty)
    var rng = SplitMix64(state: 42)
    for _ in 0..<300 {
      var bytes = good
      for _ in 0..<Int.random(in: 1...8, using: &rng) {
        let at = Int.random(in: 0...bytes.count, using: &rng)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: bytes.insert(contentsOf: Self.interesting.randomElement(using: &rng)!, at: at)
        case 1 where at < bytes.count: bytes.remove(at: at)
        case 2 where at < bytes.count: bytes[at] = UInt8.random(in: 0...255, using: &rng)
        default:
          let end = min(bytes.count, at + Int.random(in: 0...40, using: &rng))
          bytes.replaceSubrange(at..<end, with: [])
        }
      }
      let (lesson, diagnostics) = LessonParser.parse(bytes: bytes, file: "fuzz.md")
      if let lesson { #expect(!lesson.steps.isEmpty) }
      #expect(lesson != nil || diagnostics.contains(where: \.isError))
      for diagnostic in diagnostics {
        #expect(diagnostic.position.line >= 1 && diagnostic.position.column >= 1)
        #expect(isPrintableLine(diagnostic.description), "\(diagnostic)")
      }
    }
  }

  @Test func hugeLinesAndDeepNestingReturn() {
    // 200 KB paragraphs in lines of at most 10,000 characters (longer lines: LessonLimitTests).
    let long = String(repeating: String(repeating: "word ", count: 1_000) + "\n", count: 40)
    #expect(parse(lesson("## A\n" + long)).0 != nil)
    let brackets = String(repeating: String(repeating: "[", count: 5_000) + "\n", count: 10)
    #expect(parse(lesson("## A\n" + brackets)).0 != nil)
    let yaml = "---\ntitle: " + String(repeating: "[", count: 5_000) + "\n---\nx\n"
    #expect(parse(yaml).0 == nil)
    let lists = (0..<200).map { String(repeating: "  ", count: $0) + "- x" }.joined(separator: "\n")
    #expect(parse(lesson("## A\n" + lists + "\n")).0 == nil)
  }
}
