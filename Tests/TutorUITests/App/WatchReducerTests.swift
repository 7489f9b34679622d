import Foundation
import Testing
import VirtioLessons
@testable import TutorUI

/// `learn --watch`: a changed lesson replaces the open one, keeping the step (by title, else the nearest); an error
/// shows in the status line and changes nothing.
@Suite struct WatchReducerTests {
  func parse(_ text: String) -> Lesson {
    let (lesson, diagnostics) = LessonParser.parse(text: text, file: "fixture1.md")
    precondition(diagnostics.filter(\.isError).isEmpty, "\(diagnostics)")
    return lesson!
  }

  @Test func aStepKeepsItsPlaceByTitle() {
    var state = AppFixtures.state(step: 2)  // "The device answers"
    let edited = AppFixtures.ringLesson.replacingOccurrences(of: "## Offer a buffer", with: "## New first\n\nNew.\n\n## Offer a buffer")
    #expect(TutorReducer.reduce(&state, .lessonReloaded(parse(edited))).isEmpty)
    #expect(state.stepIndex == 3 && state.lesson.steps[3].title == "The device answers")
    #expect(state.lesson.steps.count == 5 && state.isSettled && state.notice == "reloaded fixture1.md")
  }

  @Test func aRemovedStepGoesToTheNearest() {
    var state = AppFixtures.state(step: 3)
    let cut = String(AppFixtures.ringLesson[..<AppFixtures.ringLesson.range(of: "## Take it back")!.lowerBound])
    _ = TutorReducer.reduce(&state, .lessonReloaded(parse(cut)))
    #expect(state.stepIndex == 2 && state.lesson.steps.count == 3)
  }

  @Test func anErrorShowsInTheStatusLineAndChangesNothing() {
    var state = AppFixtures.state(step: 1)
    let before = state.lesson
    _ = TutorReducer.reduce(&state, .lessonReloadFailed("check: fixture1.md:3:1: error: unknown key 'titel'"))
    #expect(state.lesson == before && state.stepIndex == 1)
    #expect(TutorView.render(state).text.contains("check: fixture1.md:3:1: error: unknown key"))
  }
}
