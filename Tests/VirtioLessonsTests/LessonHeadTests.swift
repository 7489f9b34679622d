import Testing

@testable import VirtioLessons

/// The tutor's catalog reads each lesson's head only (the bytes up to the closing `---`): the head is found on
/// raw bytes exactly where the parser finds the front matter, and what lies beyond it waits for the lesson to open.
@Suite struct LessonHeadTests {
  @Test(arguments: [
    ("---\ntitle: A\n---\nBody\n", 17),
    ("---\r\ntitle: A\r\n---\r\nBody\r\n", 20),
    ("\u{FEFF}---\ntitle: A\n---  \t\n", 23),
    ("---\ntitle: A\n---", 16),
  ])
  func theHeadEndsAfterTheClosingFence(text: String, length: Int) {
    #expect(FrontMatter.headLength(of: Array(text.utf8)) == length)
  }

  @Test(arguments: ["", "title: A\n---\n", "---\ntitle: A\n", " ---\ntitle: A\n---\n", "---x\n---\n"])
  func noHeadWithoutTwoFences(text: String) {
    #expect(FrontMatter.headLength(of: Array(text.utf8)) == nil)
  }

  @Test func bytesBeyondTheHeadAreReportedWhenTheLessonOpens() throws {
    let bytes = Array("---\ntitle: A\n---\n## One\n\nBad \u{1B}[2J here.\n".utf8)
    let (eager, problems) = LessonParser.parse(bytes: bytes, file: "L/a.md")
    #expect(eager == nil)
    let error = try #require(problems.first { $0.isError })
    let (lesson, headProblems) = LessonParser.parseDeferringBody(bytes: bytes, file: "L/a.md")
    #expect(headProblems.isEmpty)
    let steps = try #require(lesson).steps
    #expect(steps.count == 1)
    #expect(steps[0].blocks.contains(.paragraph([.code(error.description)])))
  }

  @Test func aHeadProblemIsStillReportedAtLoad() {
    let bytes = Array("---\ntitle: \"A\u{1B}\"\n---\n## One\n".utf8)
    let (lesson, problems) = LessonParser.parseDeferringBody(bytes: bytes, file: "L/a.md")
    #expect(lesson == nil)
    #expect(problems.first?.position.line == 2)
  }

  /// (Clean text has no CR: ``TextScanner`` turns CRLF into LF, where a `Character` split would keep them together.)
  @Test(arguments: ["", "a", "a\n", "\n\n", "é\u{301}\nb\n\n", "x\n\u{301}y\n", "\u{1F1E9}\u{1F1EA}\n\t"])
  func linesSplitOverBytesEqualACharacterSplit(text: String) {
    #expect(SourceText.lines(of: text) == text.split(separator: "\n", omittingEmptySubsequences: false))
  }
}
