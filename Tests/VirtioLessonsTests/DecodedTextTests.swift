import TermGrid
import TestSupport
import Testing

@testable import VirtioLessons

/// Characters that drive or reorder a terminal, spelled through every decoding layer a lesson has (YAML escapes in
/// front matter, HTML entities in markdown, raw bidi characters), in every place text is shown: each is reported
/// at its position, and nothing the parser returns holds one unreported.
@Suite struct DecodedTextTests {
  static let controls: [UInt32] = [0x00, 0x07, 0x08, 0x1B, 0x7F, 0x85, 0x9B, 0x9D]
  static let bidi: [UInt32] = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200F]

  func yaml(_ value: UInt32) -> String {
    value <= 0xFF ? "\\x" + hex(value, 2) : "\\u" + hex(value, 4)
  }
  func entity(_ value: UInt32, decimal: Bool) -> String { decimal ? "&#\(value);" : "&#x\(hex(value, 1));" }
  func hex(_ value: UInt32, _ width: Int) -> String {
    let h = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - h.count)) + h
  }

  func lesson(title: String, heading: String = "Step", body: String = "Text.") -> String {
    "---\ntitle: \"\(title)\"\n---\n\n## \(heading)\n\n\(body)\n\n| a | b |\n|---|---|\n| c | d |\n"
  }

  @Test func yamlEscapedControlsInTheTitleAreErrorsAtTheValue() {
    for value in Self.controls {
      let (parsed, diagnostics) = LessonParser.parse(text: lesson(title: "A \(yaml(value)) B"), file: "t.md")
      #expect(parsed == nil, "U+\(hex(value, 4))")
      let d = diagnostics.first { $0.message.contains("control character") }
      #expect(d?.description.hasPrefix("t.md:2:8: error: 'title' holds control character U+\(hex(value, 4).uppercased())") == true)
    }
  }

  @Test func yamlEscapedBidiInTheTitleIsAWarningAtTheValue() {
    for value in Self.bidi {
      let (parsed, diagnostics) = LessonParser.parse(text: lesson(title: "A \(yaml(value)) B"), file: "t.md")
      #expect(parsed != nil)
      #expect(diagnostics.map(\.description).contains { $0.hasPrefix("t.md:2:8: warning: 'title' holds bidi control U+\(hex(value, 4).uppercased())") })
    }
  }

  @Test func entitiesInHeadingsParagraphsCellsAndCodeSpansAreReported() {
    for value in Self.controls where value != 0 {  // cmark turns &#0; into U+FFFD itself
      for decimal in [true, false] {
        let e = entity(value, decimal: decimal)
        let places = [
          lesson(title: "T", heading: "Step \(e)"), lesson(title: "T", body: "Text \(e) more."),
          lesson(title: "T", body: "| x \(e) | y |\n|---|---|\n| 1 | 2 |"), lesson(title: "T", body: "[link \(e)](https://x)"),
        ]
        for text in places {
          let (parsed, diagnostics) = LessonParser.parse(text: text, file: "t.md")
          #expect(parsed == nil, "\(e) in \(text)")
          #expect(diagnostics.contains { $0.isError && $0.message.contains("control character U+\(hex(value, 4).uppercased())") })
        }
      }
    }
  }

  @Test func rawBidiIsWarnedAtItsExactColumnOnce() {
    let (parsed, diagnostics) = LessonParser.parse(text: lesson(title: "T", heading: "ab\u{202E}cd"), file: "t.md")
    #expect(parsed != nil)
    #expect(diagnostics.map(\.description) == [
      "t.md:5:6: warning: bidi control U+202E (RIGHT-TO-LEFT OVERRIDE) reorders the text around it on screen"
    ])
  }

  /// Seeded: a random hazard through a random layer in a random place. Whatever parses is clean after the one
  /// sanitiser, and every hazard it holds was reported.
  @Test func seededLayersNeverSlipThroughUnreported() {
    var seed: UInt64 = 0xD1CE
    func next(_ n: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(seed >> 33) % n
    }
    let all = Self.controls.filter { $0 != 0 } + Self.bidi
    let memoryBefore = maxRSS()
    let cpuBefore = threadCPUSeconds()
    defer {
      // Bounds checked by the test itself: peak RSS (getrusage) and this thread's CPU time, never wall time.
      #expect(maxRSS() - memoryBefore < 200 << 20, "300 seeded lessons grew the peak RSS by \((maxRSS() - memoryBefore) >> 20) MB")
      #expect(threadCPUSeconds() - cpuBefore < 30, "300 seeded lessons took \(threadCPUSeconds() - cpuBefore) s of CPU")
    }
    for _ in 0..<300 {
      let value = all[next(all.count)]
      let viaYAML = next(2) == 0
      let spelled = viaYAML ? yaml(value) : entity(value, decimal: next(2) == 0)
      let text = viaYAML
        ? lesson(title: "x\(spelled)y")
        : [lesson(title: "T", heading: "h\(spelled)"), lesson(title: "T", body: "p \(spelled) *e\(spelled)*")][next(2)]
      let (parsed, diagnostics) = LessonParser.parse(text: text, file: "t.md")
      #expect(!diagnostics.isEmpty, "\(text)")
      guard let parsed else { continue }
      let shown = [parsed.meta.title] + parsed.steps.flatMap { step in
        [step.title] + step.blocks.compactMap { if case .paragraph(let i) = $0 { return i.plainText } else { return nil } }
      }
      for s in shown { #expect(TextSanitizer.hazards(in: TextSanitizer.terminalSafeString(s)).isEmpty) }
    }
  }
}
