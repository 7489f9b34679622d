import Testing

@testable import VirtioLessons

/// Control characters, escape sequences, line ends and invalid UTF-8, each at its exact position.
@Suite struct TextScannerTests {
  private func problems(_ line: String) -> [String] {
    parse(lesson("## A\n" + line + "\n")).1
  }

  @Test(arguments: [
    ("a\u{07}b", "t.md:5:2: error: control character U+0007 (BEL) would drive the terminal"),
    ("\u{1B}", "t.md:5:1: error: control character U+001B (ESC) would drive the terminal"),
    ("ab\u{1B}c", "t.md:5:3: error: terminal escape sequence \"ESCc\" would drive the terminal"),
    ("é\u{1B}[2J", "t.md:5:2: error: terminal escape sequence \"ESC[2J\" would drive the terminal"),
    (
      "x\u{1B}]0;title\u{07}y",
      "t.md:5:2: error: terminal escape sequence \"ESC]0;title<BEL>\" would drive the terminal"
    ),
    ("a\u{9B}31m", "t.md:5:2: error: control character U+009B (CSI) would drive the terminal"),
    ("a\u{7F}", "t.md:5:2: error: control character U+007F (DEL) would drive the terminal"),
    (
      "a\rb",
      "t.md:5:2: error: control character U+000D (CR) without a line feed would drive the terminal; use LF or CRLF line ends"
    ),
    ("\u{0C}", "t.md:5:1: error: control character U+000C (FF) would drive the terminal"),
    ("nul\u{0}", "t.md:5:4: error: control character U+0000 (NUL) would drive the terminal"),
  ])
  func controlCharacters(_ line: String, _ expected: String) {
    #expect(problems(line) == [expected])
  }

  @Test func tabsAndCRLFAreFine() {
    #expect(problems("a\tb\r\nc") == [])
  }

  @Test func controlCharactersInFrontMatterAreReportedOnce() {
    #expect(
      parse("---\ntitle: a\u{1B}[1mb\n---\nx\n").1 == [
        "t.md:2:9: error: terminal escape sequence \"ESC[1m\" would drive the terminal"
      ])
  }

  @Test func invalidUTF8IsReportedAtTheByte() {
    let bytes = Array("---\ntitle: T\n---\n## A\nxé".utf8) + [0xC3, 0x28, 0x20, 0xFF, 0x0A]
    let (_, diagnostics) = LessonParser.parse(bytes: bytes, file: "t.md")
    #expect(
      diagnostics.map(\.description) == [
        "t.md:5:3: error: invalid UTF-8 byte 0xC3; a lesson must be UTF-8 text",
        "t.md:5:6: error: invalid UTF-8 byte 0xFF; a lesson must be UTF-8 text",
      ])
  }

  @Test func floodsAreCapped() {
    let body = String(repeating: "\u{07}", count: 100)
    let diagnostics = problems(body)
    #expect(diagnostics.count == TextScanner.reportLimit + 1)
    #expect(diagnostics.last == "t.md:5:21: error: 80 more invalid bytes or control characters not reported")
  }

  @Test func notALesson() {
    #expect(
      parse("").1 == [
        "t.md:1:1: error: not a lesson: the file is empty (a lesson starts with a '---' line opening its front matter)"
      ])
    #expect(
      parse("\n\n").1 == [
        "t.md:1:1: error: not a lesson: the file is empty (a lesson starts with a '---' line opening its front matter)"
      ])
    #expect(parse("---").1 == ["t.md:1:1: error: front matter is never closed: add a '---' line after its last key"])
    let big = [UInt8](repeating: 0x61, count: LessonParser.maxFileSize + 1)
    #expect(
      LessonParser.parse(bytes: big, file: "t.md").1.map(\.description) == [
        "t.md:1:1: error: not a lesson: the file is 1048577 bytes; a lesson may be at most 1 MiB"
      ])
  }

  @Test func aLessonHoldsNoControlCharacters() throws {
    let parsed = try #require(parse(lesson("## A\ntext\twith tab\n")).0)
    #expect(parsed.steps[0].blocks == [.paragraph([.text("text\twith tab")])])
  }
}
