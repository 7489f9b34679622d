import Foundation
import Testing

@testable import VirtioLessons

/// `docs/lesson-format.md` shows the good fixture verbatim, so the documented example always parses.
@Suite struct DocsTests {
  @Test func documentedExampleIsTheGoodFixture() throws {
    let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("docs/lesson-format.md")
    let text = try String(contentsOf: docs, encoding: .utf8)
    let start = try #require(text.range(of: "````markdown\n"))
    let end = try #require(text.range(of: "\n````", range: start.upperBound..<text.endIndex))
    let example = String(text[start.upperBound..<end.lowerBound]) + "\n"
    #expect(example == String(decoding: Fixture.bytes("good/01-split-ring.md"), as: UTF8.self))
  }
}
