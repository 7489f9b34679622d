import TermGrid
import Testing
import VirtioLessons
@testable import TutorUI

/// Go to step N, moving across lessons, kiosk mode and the clicker keys in every overlay: exact states.
@Suite struct NavigationReducerTests {
  func press(_ state: inout TutorState, _ keys: Key...) -> [TutorEffect] {
    keys.flatMap { TutorReducer.reduce(&state, .keyPressed($0)) }
  }

  @Test func digitsThenEnterGoToThatStep() {
    var state = AppFixtures.state()
    #expect(press(&state, .character("4")).isEmpty)
    #expect(state.goTo == "4" && state.stepIndex == 0)
    #expect(TutorView.render(state).text.contains("go to step: 4_ (Enter goes, Esc cancels)"))
    #expect(press(&state, .enter) == [.saveProgress])
    #expect(state.goTo == nil && state.stepIndex == 3 && state.cursor == 0 && state.play.isPlaying)
    #expect(state.progress.steps["ring-basics"] == 3)
  }

  @Test func colonOpensThePromptAndBackspaceEdits() {
    var state = AppFixtures.state()
    _ = press(&state, .character(":"))
    #expect(state.goTo == "")
    _ = press(&state, .character("1"), .character("2"), .backspace, .character("3"))
    #expect(state.goTo == "13")
    _ = press(&state, .backspace, .backspace, .character("2"), .enter)
    #expect(state.stepIndex == 1 && state.goTo == nil)
  }

  @Test func aStepTheLessonLacksIsNamedNotEntered() {
    var state = AppFixtures.state(step: 1)
    #expect(press(&state, .character("9"), .enter).isEmpty)
    #expect(state.stepIndex == 1 && state.notice == "no step 9: this lesson has steps 1–4")
    #expect(press(&state, .character("0"), .enter).isEmpty)
    #expect(state.notice == "no step 0: this lesson has steps 1–4")
  }

  @Test func escCancelsAndAnyOtherKeyDropsTheNumberAndActs() {
    var state = AppFixtures.state()
    _ = press(&state, .character("3"), .escape)
    #expect(state.goTo == nil && state.stepIndex == 0)
    _ = press(&state, .character("3"), .pageDown)
    #expect(state.goTo == nil && state.stepIndex == 1)
    _ = press(&state, .character("2"), .character("?"))
    #expect(state.goTo == nil && state.overlay == .help && state.stepIndex == 1)
  }

  @Test func nextOnALessonsLastStepOpensTheNextLesson() {
    var state = AppFixtures.state(step: 3)
    #expect(press(&state, .right) == [.saveProgress])
    #expect(state.lesson.id == "three-ways" && state.lessonIndex == 1 && state.stepIndex == 0)
    #expect(state.cursor == 0 && state.phase == 0 && state.play.isPlaying)  // it plays from the start
    #expect(state.progress.currentLesson == "three-ways" && state.progress.steps["three-ways"] == 0)
  }

  @Test func backOnALessonsFirstStepOpensThePreviousLessonsLastStep() {
    var state = AppFixtures.state(lesson: "three-ways")
    #expect(press(&state, .pageUp) == [.saveProgress])
    #expect(state.lesson.id == "ring-basics" && state.stepIndex == 3 && state.isSettled)
  }

  @Test func theEndsOfTheCourseSaySo() {
    var state = AppFixtures.state(step: 1, lesson: "three-ways")
    #expect(press(&state, .right).isEmpty)
    #expect(state.lessonIndex == 1 && state.stepIndex == 1)
    #expect(state.notice == "last step of the last lesson: press i for the lesson index")
    state = AppFixtures.state()
    #expect(press(&state, .left).isEmpty)
    #expect(state.notice == "first step of the first lesson")
  }

  @Test func kioskModeAdvancesSkipsAnUnansweredQuestionAndLoops() {
    var state = AppFixtures.state()
    state.kioskSeconds = 0.3  // two ticks at 1×
    #expect(state.autoAdvanceSeconds == 0.3 && state.nextTick == .milliseconds(150))
    _ = TutorReducer.reduce(&state, .ticked)
    #expect(state.stepIndex == 0 && state.advanceTicks == 1)
    #expect(TutorReducer.reduce(&state, .ticked) == [.saveProgress])
    #expect(state.stepIndex == 1 && state.cursor == 0)
    // Step 2 plays, then advances to step 3, whose question holds it.
    var ticks = 0
    while state.stepIndex == 1 && ticks < 10_000 {
      _ = TutorReducer.reduce(&state, .ticked)
      ticks += 1
    }
    #expect(state.stepIndex == 2 && state.heldForExercise && state.isSettled && state.advanceTicks == 0)
    // Nobody answers: the question shows for the kiosk's time (two ticks), then is skipped and the step plays.
    #expect(state.nextTick == .milliseconds(150))
    #expect(TutorReducer.reduce(&state, .ticked).isEmpty)
    #expect(state.heldForExercise && state.advanceTicks == 1)
    #expect(TutorReducer.reduce(&state, .ticked).isEmpty)
    #expect(!state.heldForExercise && state.exerciseSkipped && state.play.isPlaying && !state.isSettled)
    #expect(state.notice == TutorState.kioskSkippedNotice && state.advanceTicks == 0 && state.stepIndex == 2)
    #expect(state.progress.exercises.isEmpty)  // skipped, not counted as answered
    // The step plays to its end, stays the kiosk's time, then the kiosk moves on.
    var played = 0
    while !state.isSettled && played < 10_000 {
      _ = TutorReducer.reduce(&state, .ticked)
      played += 1
    }
    #expect(played == state.animationLength * state.phaseCount && state.stepIndex == 2)
    _ = TutorReducer.reduce(&state, .ticked)
    #expect(state.stepIndex == 2 && state.advanceTicks == 1)
    #expect(TutorReducer.reduce(&state, .ticked) == [.saveProgress])
    #expect(state.stepIndex == 3)
    // The last step of the last lesson loops back to the first lesson, and the next round asks again.
    state = AppFixtures.state(step: 1, lesson: "three-ways")
    state.kioskSeconds = 0.07
    state.skippedExercises = [LearnerProgress.exerciseKey(lesson: "ring-basics", step: 2)]
    #expect(TutorReducer.reduce(&state, .ticked) == [.saveProgress])
    #expect(state.lesson.id == "ring-basics" && state.stepIndex == 0 && state.skippedExercises.isEmpty)
  }

  @Test func outsideKioskModeAStepsOwnAdvanceWaitsForTheAnswer() throws {
    let text = """
      ---
      title: Timed
      id: timed
      setup: queue size=4
      ---
      ## Ask

      <!-- advance: 0.3 -->

      ```virtio
      driver add out=16
      driver publish
      ```

      ```exercise
      question: What is avail.idx now?
      check: avail.idx
      explain: One publish.
      ```

      ## Next

      Text.
      """
    let (lesson, diagnostics) = LessonParser.parse(text: text, file: "timed.md")
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    var state = TutorState(lessons: [try #require(lesson)], lessonID: "timed", step: 0)
    _ = state.arrive(animate: true)
    #expect(state.heldForExercise && state.autoAdvanceSeconds == nil)
    for _ in 0..<100 { _ = TutorReducer.reduce(&state, .ticked) }
    #expect(state.stepIndex == 0 && state.heldForExercise && state.nextTick == nil)
    // The same step in kiosk mode: skipped after its own 0.3 s, played, then left 0.3 s after it settles.
    state.kioskSeconds = 60
    var ticks = 0
    while state.stepIndex == 0 && ticks < 1_000 {
      _ = TutorReducer.reduce(&state, .ticked)
      ticks += 1
    }
    #expect(state.stepIndex == 1 && ticks == 2 + state.playback.step(0).events.count * VisualFrame.phases + 2)
  }

  @Test func withoutKioskALessonsOwnAdvanceStopsAtItsEnd() {
    let state = AppFixtures.state(step: 3)
    #expect(state.autoAdvanceSeconds == nil && state.nextTick == nil)
  }

  // MARK: clicker keys in every overlay

  static let overlays: [String] = ["help", "index", "exercise", "blank"]

  func opened(_ name: String) throws -> TutorState {
    var state = AppFixtures.state(step: 2)
    try state.open(overlayNamed: name)
    #expect(state.overlay != nil)
    return state
  }

  @Test(arguments: overlays)
  func pageDownClosesEverythingAndAdvances(_ name: String) throws {
    var state = try opened(name)
    #expect(press(&state, .pageDown) == [.saveProgress])
    #expect(state.overlay == nil && state.underBlank == nil && state.stepIndex == 3)
  }

  @Test(arguments: overlays)
  func pageUpClosesEverythingAndGoesBack(_ name: String) throws {
    var state = try opened(name)
    #expect(press(&state, .pageUp) == [.saveProgress])
    #expect(state.overlay == nil && state.stepIndex == 1 && state.isSettled)
  }

  @Test(arguments: overlays)
  func escCloses(_ name: String) throws {
    var state = try opened(name)
    #expect(press(&state, .escape).isEmpty)
    #expect(state.overlay == nil && state.stepIndex == 2)
  }

  @Test(arguments: overlays)
  func f5DoesNothing(_ name: String) throws {
    var state = try opened(name)
    let before = state.overlay
    #expect(press(&state, .function(5)).isEmpty)
    #expect(state.overlay == before && state.stepIndex == 2)
  }

  @Test(arguments: ["help", "index", "exercise"])
  func blankHidesTheOverlayAndBringsItBack(_ name: String) throws {
    var state = try opened(name)
    let before = state.overlay
    _ = press(&state, .character("."))
    #expect(state.overlay == .blank && state.underBlank == before)
    _ = press(&state, .character("b"))
    #expect(state.overlay == before && state.underBlank == nil)
    _ = press(&state, .character("."), .escape)
    #expect(state.overlay == before)
  }

  @Test func clickerKeysNeverReachTheAnswerField() throws {
    var state = try opened("exercise")
    _ = press(&state, .character("b"))
    #expect(state.overlay == .blank && state.underBlank == .exercise(ExercisePrompt(input: "")))
    _ = press(&state, .character("b"))
    _ = press(&state, .character("0"), .character("x"), .character("."), .character("."))
    #expect(state.overlay == .exercise(ExercisePrompt(input: "0x")))  // `.` blanked and un-blanked
    _ = press(&state, .character("b"))
    #expect(state.overlay == .exercise(ExercisePrompt(input: "0xb")))  // once typing, b is a hex digit
  }
}
