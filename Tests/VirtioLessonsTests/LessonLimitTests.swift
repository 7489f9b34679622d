import TestSupport
import Testing

@testable import VirtioLessons

/// Quadratic and superlinear shapes (long runs of blanks, long lines, wide tables) at and past the caps: an error at
/// the exact position past a cap, and a memory bound checked by the test itself (no wall-clock assertions).
@Suite struct LessonLimitTests {
  let head = "---\ntitle: T\n---\n\n## S\n\n"

  @Test func aLineLongerThanTheCapIsAnErrorAtItsColumn() {
    let (lesson, diagnostics) = LessonParser.parse(text: head + String(repeating: "a", count: 10_001) + "\n", file: "t.md")
    #expect(lesson == nil)
    #expect(diagnostics.map(\.description) == [
      "t.md:7:10001: error: line is longer than 10000 characters; a lesson line may be at most 10000 (break the paragraph)"
    ])
    #expect(LessonParser.parse(text: head + String(repeating: "a", count: 10_000) + "\n", file: "t.md").0 != nil)
  }

  @Test func aTableWiderThanTheCapIsAnErrorAtTheSeparator() {
    let row = "|" + String(repeating: " c |", count: 50) + "\n"
    let rule = "|" + String(repeating: "---|", count: 50) + "\n"
    let text = head + row + rule + String(repeating: row, count: 250)
    let (lesson, diagnostics) = LessonParser.parse(text: text, file: "t.md")
    #expect(lesson == nil)
    #expect(diagnostics.first?.message.hasPrefix("more than 10000 '|' table cell separators") == true)
    #expect(diagnostics.first?.position.line == 7 + 2 + 194)
  }

  /// Seeded shapes near 1 MiB that used to be quadratic: runs of blank lines, trailing blanks, blank-only code blocks,
  /// wide tables under the cap. Each parses (or is rejected) within a memory bound.
  @Test func quadraticShapesStayBounded() {
    let shapes: [String] = [
      head + "Text.\n" + String(repeating: "\n", count: 900_000),
      head + "Text." + String(repeating: " ", count: 9_000) + "\n" + String(repeating: String(repeating: " ", count: 9_000) + "\n", count: 100),
      head + "```\ncode\n" + String(repeating: "   \n", count: 200_000) + "```\n",
      head + String(repeating: "- item  \n\n", count: 50_000),
      head + "|" + String(repeating: " c |", count: 40) + "\n|" + String(repeating: "---|", count: 40) + "\n"
        + String(repeating: "|" + String(repeating: " c |", count: 40) + "\n", count: 240),
    ]
    let before = maxRSS()
    for text in shapes {
      #expect(text.utf8.count <= LessonParser.maxFileSize)
      let (_, diagnostics) = LessonParser.parse(text: text, file: "t.md")
      #expect(!diagnostics.contains { $0.message.hasPrefix("out of memory") })
    }
    #expect(maxRSS() - before < 300 << 20)
  }
}
