import Testing

@testable import VirtioLessons

/// Each kind of error in a fixture of its own, with its exact position and message.
@Suite struct BadFixtureTests {
  static let cases: [(String, [String])] = [
    ("unknown-key", ["bad/unknown-key.md:3:1: error: unknown key 'sumary'; did you mean 'summary'?"]),
    ("wrong-type", ["bad/wrong-type.md:3:1: error: 'minutes' must be a whole number, not 'ten'"]),
    (
      "unclosed-front-matter",
      [
        "bad/unclosed-front-matter.md:1:1: error: front matter is never closed: add a '---' line after its last key"
      ]
    ),
    (
      "no-front-matter",
      [
        "bad/no-front-matter.md:1:1: error: not a lesson: the first line must be '---', opening the front matter (title: …)"
      ]
    ),
    ("binary", ["bad/binary.md:1:1: error: not a lesson: the file holds binary data, not UTF-8 text"]),
    ("unknown-directive", ["bad/unknown-directive.md:7:6: error: unknown directive 'nots'; did you mean 'note'?"]),
    (
      "escape-in-text",
      [
        "bad/escape-in-text.md:5:5: error: terminal escape sequence \"ESC[31m\" would drive the terminal",
        "bad/escape-in-text.md:5:14: error: terminal escape sequence \"ESC[0m\" would drive the terminal",
      ]
    ),
    ("invalid-utf8", ["bad/invalid-utf8.md:5:4: error: invalid UTF-8 byte 0xE9; a lesson must be UTF-8 text"]),
    ("exercise-no-question", ["bad/exercise-no-question.md:6:1: error: exercise has no 'question:'"]),
    (
      "exercise-unknown-key",
      [
        "bad/exercise-unknown-key.md:8:1: error: unknown exercise key 'anwser'; did you mean 'answer'?"
      ]
    ),
    (
      "no-steps",
      [
        "bad/no-steps.md:4:1: error: lesson has no steps: write text after the front matter and start each step with '## Title'"
      ]
    ),
  ]

  @Test(arguments: cases)
  func reportsExactly(_ name: String, _ expected: [String]) {
    let (lesson, diagnostics) = Fixture.parse("bad/\(name).md")
    #expect(lesson == nil)
    #expect(diagnostics == expected)
  }
}
