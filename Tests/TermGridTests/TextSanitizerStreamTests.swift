import Testing

@testable import TermGrid

@Suite struct TextSanitizerStreamTests {
  @Test func streamRuleReplacesControlsAndBidiButKeepsLinesTabsAndWideText() {
    #expect(TextSanitizer.terminalSafeString("a\u{1B}]52;c;eA==\u{07}b") == "a\u{FFFD}]52;c;eA==\u{FFFD}b")
    #expect(TextSanitizer.terminalSafeString("x\u{202E}y\u{2066}z\u{2069}") == "x\u{FFFD}y\u{FFFD}z\u{FFFD}")
    #expect(TextSanitizer.terminalSafeString("line 1\n\tline 2 日本") == "line 1\n\tline 2 日本")
    #expect(TextSanitizer.terminalSafeString("\u{0}\u{8}\u{7F}\u{9B}\u{85}\r") == String(repeating: "\u{FFFD}", count: 6))
  }

  @Test func everyScalarTheStreamRuleKeepsIsHarmlessToTheGridRuleToo() {
    // One rule: whatever is a hazard for a stream is never a one-column cell either.
    for value in UInt32(0)...0x3000 {
      guard let scalar = Unicode.Scalar(value), TextSanitizer.hazard(scalar) != nil else { continue }
      #expect(TextSanitizer.cell(for: scalar) == TextSanitizer.replacement, "U+\(String(value, radix: 16))")
    }
  }

  @Test func hazardsAreListedWithTheirOffsets() {
    let found = TextSanitizer.hazards(in: "ab\u{1B}c\u{202E}")
    #expect(found.map(\.offset) == [2, 4])
    #expect(found.map(\.hazard) == [.control, .bidi])
  }

  @Test func jsonKeepsItsStringsButEscapesHazards() {
    #expect(TextSanitizer.jsonEscapingHazards("{\"t\":\"a\u{202E}b\u{2028}\"}\n") == "{\"t\":\"a\\u202eb\\u2028\"}\n")
    #expect(TextSanitizer.jsonEscapingHazards("{\"t\":\"ok\"}") == "{\"t\":\"ok\"}")
  }
}
