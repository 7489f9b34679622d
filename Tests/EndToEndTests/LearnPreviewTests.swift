import Foundation
import Testing
import TutorUI
import VirtioLessons

@testable import virtio_tutor

/// The first frame is drawn from a preview of the lesson (parsed through the step shown); right after it the whole
/// lesson replaces the preview: in place when the preview was its beginning, else re-opened as at start-up.
@Suite struct LearnPreviewTests {
  typealias Place = LearnStartupTests.Place

  func place(_ body: String) throws -> Place {
    let place = try Place()
    try place.write("01-a.md", text: "---\nid: a\ntitle: Alpha\nview: none\n---\n" + body)
    _ = place.startup.catalog(previous: nil)  // writes the hint
    return place
  }

  func opened(_ place: Place, step: Int?, saved: Int? = nil) throws -> (LearnStartup.Opened, TutorState) {
    var progress = LearnerProgress()
    progress.steps["a"] = saved
    let opened = try #require(place.startup.open(lesson: "a", progress: progress, step: step))
    let state = TutorState(opening: opened.lesson, at: opened.position, of: opened.count, progress: progress, step: step)
    return (opened, state)
  }

  @Test func theWholeLessonReplacesThePreviewWhereTheLearnerIs() throws {
    let place = try place("## One\n\nA.\n\n## Two\n\nB.\n\n## Three\n\nC.\n")
    defer { place.remove() }
    let (opened, before) = try opened(place, step: nil, saved: 1)
    #expect(opened.lesson.previewedSteps == 2)
    var state = before
    #expect(state.stepIndex == 1)
    let (catalog, _) = place.startup.catalog(previous: opened.hint)
    state.adopt(catalog: catalog, wanted: "a", step: nil, whole: opened.whole())
    #expect(state.lesson.previewedSteps == nil)
    #expect(state.lesson.steps.map(\.blocks) == [[.paragraph([.text("A.")])], [.paragraph([.text("B.")])], [.paragraph([.text("C.")])]])
    #expect((state.stepIndex, state.cursor, state.phase) == (1, before.cursor, before.phase))
    #expect(state.lesson == catalog[0])
  }

  @Test func aStepTheRestOfTheFileChangesReopensAtTheSameStepNumber() throws {
    let place = try place("## One\n\nA.\n\n## Two\n\nSee [spec].\n\n## Three\n\n[spec]: https://example.org\n")
    defer { place.remove() }
    let (opened, before) = try opened(place, step: 1)
    var state = before
    state.adopt(catalog: place.startup.catalog(previous: opened.hint).lessons, wanted: "a", step: 1, whole: opened.whole())
    #expect(state.lesson.previewedSteps == nil)
    #expect(state.stepIndex == 1)
    #expect(state.lesson.steps[1] != before.lesson.steps[1])
  }

  @Test func laterErrorsOpenTheErrorStepAsWithoutAPreview() throws {
    let place = try place("## One\n\nA.\n\n## Two\n\n```exercise\nquestion: What?\n```\n")
    defer { place.remove() }
    let (opened, before) = try opened(place, step: nil)
    #expect(opened.lesson.previewedSteps == 1)
    var state = before
    state.adopt(catalog: place.startup.catalog(previous: opened.hint).lessons, wanted: "a", step: nil, whole: opened.whole())
    #expect(state.stepIndex == 0)
    #expect(state.lesson.steps.count == 1)
    #expect(state.lesson.steps[0].blocks.first == .paragraph([.text("This lesson has errors; run "), .code("virtio-tutor check \(place.lessons)/01-a.md"), .text(":")]))
  }

  @Test func theLastStepOrOneBeyondTheScanIsParsedWhole() throws {
    let place = try place("## One\n\nA.\n\n## Two\n\nB.\n")
    defer { place.remove() }
    #expect(try opened(place, step: 1).0.lesson.previewedSteps == nil)
    #expect(try opened(place, step: nil, saved: 7).0.lesson.previewedSteps == nil)
    #expect(try opened(place, step: 0).0.lesson.previewedSteps == 1)
  }
}
