import Foundation
import Testing

@testable import VirtioLessons

/// The tutor's first frame comes from a preview (the lesson parsed through the step shown, placeholders after it):
/// its parsed steps must be the whole parse's, and it must decline whenever it cannot be sure.
@Suite struct LessonPreviewTests {
  /// Every shipped lesson, every step: a preview's parsed steps and front matter are the whole lesson's, its step
  /// count is the whole lesson's, and its placeholders stand at the whole lesson's step headings.
  @Test func previewsOfTheShippedLessonsAreTheirBeginnings() throws {
    var previews = 0
    for file in try DeferredBodyTests.shippedFiles() {
      let whole = try #require(LessonParser.parse(bytes: file.bytes, file: file.name).0)
      for step in whole.steps.indices {
        guard let preview = LessonParser.preview(bytes: file.bytes, file: file.name, through: step) else {
          #expect(step == whole.steps.count - 1, "\(file.name) step \(step + 1) has no preview")
          continue
        }
        previews += 1
        let parsed = try #require(preview.previewedSteps)
        #expect(parsed == step + 1)
        #expect(preview.meta == whole.meta)
        #expect(Array(preview.steps.prefix(parsed)) == Array(whole.steps.prefix(parsed)))
        #expect(preview.steps.map(\.position) == whole.steps.map(\.position))
        #expect(LessonParser.complete(preview, bytes: file.bytes) == whole)
      }
    }
    #expect(previews > 100)
  }

  static func lesson(_ body: String) -> [UInt8] { Array("---\ntitle: T\nview: none\n---\n\(body)".utf8) }

  @Test func theFirstStepAloneIsParsedAndTheRestArePlaceholders() throws {
    let bytes = Self.lesson("# T\n\nIntro.\n\n## One `code`\n\nText.\n\n## Two ##\n\nMore.\n")
    let preview = try #require(LessonParser.preview(bytes: bytes, file: "L/t.md", through: 0))
    #expect(preview.previewedSteps == 1)
    #expect(preview.steps.map(\.title) == ["T", "One `code`", "Two"])
    #expect(preview.steps[1].blocks.isEmpty)
    #expect(preview.steps[2].position == SourcePosition(file: "L/t.md", line: 13, column: 1))
    let whole = LessonParser.complete(preview, bytes: bytes)
    #expect(whole.previewedSteps == nil)
    #expect(whole.steps.map(\.title) == ["T", "One code", "Two"])
  }

  @Test func withoutAnIntroductionTheCutIsAfterTheFirstHeadingsStep() throws {
    let bytes = Self.lesson("<!-- note: hi -->\n\n## One\n\nA.\n\n## Two\n\nB.\n\n## Three\n\nC.\n")
    let preview = try #require(LessonParser.preview(bytes: bytes, file: "L/t.md", through: 1))
    #expect(preview.previewedSteps == 2)
    #expect(preview.steps.map(\.title) == ["One", "Two", "Three"])
    #expect(preview.steps[1].blocks == [.paragraph([.text("B.")])])
  }

  @Test func headingsInFencesAndCommentsAreNotSteps() throws {
    let bytes = Self.lesson(
      "## One\n\n```\n## not a step\n```\n\n<!-- note:\n## nor this\n-->\n\nText.\n\n## Two\n\nB.\n\n## Three\n\nC.\n")
    let preview = try #require(LessonParser.preview(bytes: bytes, file: "L/t.md", through: 0))
    #expect(preview.steps.map(\.title) == ["One", "Two", "Three"])
    #expect(LessonParser.complete(preview, bytes: bytes).steps.map(\.title) == ["One", "Two", "Three"])
  }

  @Test func constructsTheScanDoesNotFollowGetNoPreview() {
    // An HTML block, a setext heading, the last step, an error in the part parsed, a file too large.
    for body in [
      "## One\n\n<div>\n## x\n</div>\n\n## Two\n\nB.\n", "## One\n\nSetext\n---\n\n## Two\n\nB.\n",
      "## One\n\nA.\n", "## One\n\n```exercise\nquestion: What?\n```\n\n## Two\n\nB.\n",
    ] {
      #expect(LessonParser.preview(bytes: Self.lesson(body), file: "L/t.md", through: 0) == nil, "\(body)")
    }
    #expect(LessonParser.preview(bytes: Self.lesson("## One\n\nA.\n\n## Two\n\nB.\n"), file: "L/t.md", through: 1) == nil)
    let huge = Self.lesson("## One\n\nA.\n\n## Two\n\n" + String(repeating: "b", count: LessonParser.maxFileSize))
    #expect(LessonParser.preview(bytes: huge, file: "L/t.md", through: 0) == nil)
  }

  @Test func aPreviewOfALessonWithLaterErrorsCompletesToTheErrorStep() throws {
    let bytes = Self.lesson("## One\n\nA.\n\n## Two\n\n```exercise\nquestion: What?\n```\n")
    let preview = try #require(LessonParser.preview(bytes: bytes, file: "L/t.md", through: 0))
    let whole = LessonParser.complete(preview, bytes: bytes)
    #expect(whole.steps.count == 1)
    #expect(whole.steps[0].blocks.first == .paragraph([.text("This lesson has errors; run "), .code("virtio-tutor check L/t.md"), .text(":")]))
  }

  @Test func aLinkDefinedLaterMakesTheWholeStepDifferent() throws {
    // The preview cannot know a reference defined after the cut; the tutor then re-opens the whole lesson.
    let bytes = Self.lesson("## One\n\nSee [spec].\n\n## Two\n\n[spec]: https://example.org\n")
    let preview = try #require(LessonParser.preview(bytes: bytes, file: "L/t.md", through: 0))
    let whole = LessonParser.complete(preview, bytes: bytes)
    #expect(preview.steps[0] != whole.steps[0])
  }
}
