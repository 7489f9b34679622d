import Foundation
import Testing

@testable import VirtioLessons

/// `learn` loads lessons with their bodies deferred (front matter now, markdown when a lesson is opened): the
/// lessons must be the same as an eager load, and a body error must still reach the learner.
@Suite struct DeferredBodyTests {
  static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Lessons").standardized

  static func shippedFiles() throws -> [(name: String, bytes: [UInt8])] {
    try FileManager.default.contentsOfDirectory(atPath: shipped.path).filter(LessonLoader.isLessonFileName).sorted()
      .map { (name: "Lessons/\($0)", bytes: Array(try Data(contentsOf: shipped.appendingPathComponent($0)))) }
  }

  @Test func deferredShippedLessonsEqualEagerOnes() throws {
    let files = try Self.shippedFiles()
    let eager = LessonLoader.load(files)
    let deferred = LessonLoader.load(files, deferringBodies: true)
    #expect(deferred.diagnostics == eager.diagnostics)
    #expect(deferred.catalog.lessons.map(\.id) == eager.catalog.lessons.map(\.id))
    #expect(deferred.catalog.lessons == eager.catalog.lessons)
  }

  @Test func aBodyErrorBecomesAStepThatListsIt() throws {
    let text = "---\ntitle: Broken\n---\n# Broken\n\n```exercise\nquestion: What?\n```\n"
    let (eager, problems) = LessonParser.parse(text: text, file: "L/broken.md")
    #expect(eager == nil)
    let error = try #require(problems.first { $0.isError })
    let (lesson, headProblems) = LessonParser.parseDeferringBody(bytes: Array(text.utf8), file: "L/broken.md")
    #expect(headProblems.isEmpty)
    let steps = try #require(lesson).steps
    #expect(steps.count == 1)
    #expect(steps[0].title == "Broken")
    #expect(steps[0].blocks.contains(.paragraph([.code(error.description)])))
  }

  @Test func frontMatterErrorsAreStillReportedAtLoad() {
    let result = LessonLoader.load([(name: "L/a.md", bytes: Array("---\ntitel: A\n---\nText.\n".utf8))], deferringBodies: true)
    #expect(result.hasErrors)
    #expect(result.catalog.lessons.isEmpty)
  }

  @Test func aDeferredBodyIsParsedOnceAndSharedByCopies() throws {
    let (lesson, _) = LessonParser.parseDeferringBody(bytes: Array("---\ntitle: A\n---\n## One\n\nText.\n".utf8), file: "L/a.md")
    let copy = try #require(lesson)
    #expect(copy.steps.map(\.title) == ["One"])
    var edited = copy
    edited.steps = []
    #expect(copy.steps.map(\.title) == ["One"])
    #expect(edited.steps.isEmpty)
  }
}
