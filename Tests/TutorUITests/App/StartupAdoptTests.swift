import TermGrid
import Testing
import VirtioLessons

@testable import TutorUI

/// The start-up that draws the opened lesson before the catalog is read: the first frame is the frame the full
/// catalog gives, and once the catalog arrives (right after the first frame) the state is the full start-up's; a
/// stale hint is corrected then.
@Suite struct StartupAdoptTests {
  static let size = Size(width: 100, height: 30)

  static func full(_ lessons: [Lesson], lessonID: String?, step: Int?, progress: LearnerProgress = .init()) -> TutorState {
    TutorState(lessons: lessons, progress: progress, lessonID: lessonID, step: step, screen: size, theme: .dark, capabilities: .full)
  }

  static func provisional(_ lesson: Lesson, at position: Int, of count: Int, step: Int?, progress: LearnerProgress = .init()) -> TutorState {
    var state = TutorState(opening: lesson, at: position, of: count, progress: progress, step: step, theme: .dark, capabilities: .full)
    var terminal = HeadlessTerminal(size: size)
    terminal.queuedInput = [.key(.character("q"))]
    _ = try? TutorProgram.run(&state, on: &terminal, save: { _ in nil }, maxFrames: 1)
    return state
  }

  static func frame(_ state: TutorState) -> String {
    var state = state
    var terminal = HeadlessTerminal(size: size)
    _ = try? TutorProgram.run(&state, on: &terminal, save: { _ in nil }, maxFrames: 1)
    return terminal.screen.text
  }

  @Test(arguments: [(0, nil), (1, 0), (1, 1), (0, 1)] as [(Int, Int?)])
  func theFirstFrameAndTheAdoptedStateAreTheFullStartUps(position: Int, step: Int?) {
    let lessons = AppFixtures.lessons()
    let full = Self.full(lessons, lessonID: lessons[position].id, step: step)
    var early = Self.provisional(lessons[position], at: position, of: lessons.count, step: step)
    #expect(Self.frame(early) == Self.frame(full))
    early.adopt(catalog: lessons, wanted: lessons[position].id, step: step)
    #expect(early.lessons == full.lessons)
    #expect((early.lessonIndex, early.stepIndex, early.progress) == (full.lessonIndex, full.stepIndex, full.progress))
    #expect(Self.frame(early) == Self.frame(full))
  }

  @Test func theSavedStepIsResumed() {
    let lessons = AppFixtures.lessons()
    var progress = LearnerProgress()
    progress.currentLesson = lessons[1].id
    progress.steps[lessons[1].id] = 1
    var early = Self.provisional(lessons[1], at: 1, of: 2, step: nil, progress: progress)
    early.adopt(catalog: lessons, wanted: progress.currentLesson, step: nil)
    let full = Self.full(lessons, lessonID: nil, step: nil, progress: progress)
    #expect((early.lessonIndex, early.stepIndex) == (1, 1))
    #expect(Self.frame(early) == Self.frame(full))
  }

  @Test func aStaleNumberIsCorrectedWhenTheCatalogArrives() {
    let lessons = AppFixtures.lessons()
    // The hint said lesson 1 of 5; the catalog has it as lesson 2 of 2.
    var early = Self.provisional(lessons[1], at: 0, of: 5, step: nil)
    #expect(Self.frame(early).contains("Lesson 1/5"))
    early.adopt(catalog: lessons, wanted: lessons[1].id, step: nil)
    #expect(early.lessonIndex == 1)
    #expect(Self.frame(early) == Self.frame(Self.full(lessons, lessonID: lessons[1].id, step: nil)))
  }

  @Test func aStaleLessonIsReplacedByTheCatalogsChoice() {
    let lessons = AppFixtures.lessons()
    // No lesson asked for, no progress: the hint's first lesson was the flow lesson, the catalog's is the ring one.
    var early = Self.provisional(lessons[1], at: 0, of: 2, step: nil)
    early.adopt(catalog: lessons, wanted: nil, step: nil)
    let full = Self.full(lessons, lessonID: nil, step: nil)
    #expect((early.lessonIndex, early.stepIndex, early.progress) == (full.lessonIndex, full.stepIndex, full.progress))
    #expect(Self.frame(early) == Self.frame(full))
  }

  @Test func theCatalogArrivesRightAfterTheFirstFrameAndIsDrawn() throws {
    let lessons = AppFixtures.lessons()
    var state = TutorState(opening: lessons[1], at: 0, of: 1, progress: .init(), step: nil, theme: .dark, capabilities: .full)
    var terminal = HeadlessTerminal(size: Self.size)
    terminal.queuedInput = [.key(.character("q"))]
    _ = try TutorProgram.run(
      &state, on: &terminal, save: { _ in nil },
      afterFirstFrame: { $0.adopt(catalog: lessons, wanted: lessons[1].id, step: nil) })
    #expect(state.lessons == lessons)
    #expect(terminal.screen.text.contains("Lesson 2/2"))
  }

  @Test func anEmptyCatalogKeepsTheOpenLesson() {
    let lessons = AppFixtures.lessons()
    var early = Self.provisional(lessons[0], at: 3, of: 9, step: nil)
    early.adopt(catalog: [], wanted: nil, step: nil)
    #expect(early.lessons == [lessons[0]])
    #expect(early.lessonIndex == 0)
  }
}
