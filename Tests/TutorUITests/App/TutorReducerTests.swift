import TermGrid
import Testing
@testable import TutorUI

/// Key → state: each action's exact effect on the tutor state (TCA style).
@Suite struct TutorReducerTests {
  func press(_ state: inout TutorState, _ keys: Key...) -> [TutorEffect] {
    keys.flatMap { TutorReducer.reduce(&state, .keyPressed($0)) }
  }

  func playToEnd(_ state: inout TutorState) {
    var guardCount = 0
    while state.nextTick != nil && guardCount < 10_000 {
      _ = TutorReducer.reduce(&state, .ticked)
      guardCount += 1
    }
  }

  @Test func startsSettledOnTheFirstStepAndIdle() {
    let state = AppFixtures.state()
    #expect(state.stepIndex == 0 && state.lessonIndex == 0)
    #expect(state.isSettled)
    #expect(state.nextTick == nil)  // nothing to animate: the loop blocks on input
  }

  @Test(arguments: [Key.right, .character("l"), .character(" "), .pageDown, .character("n"), .enter])
  func nextKeysAdvanceAndPlayTheStep(key: Key) {
    var state = AppFixtures.state()
    let effects = press(&state, key)
    #expect(effects == [.saveProgress])
    #expect(state.stepIndex == 1)
    #expect(state.cursor == 0 && state.phase == 0)
    #expect(state.animationLength > 10)
    #expect(state.nextTick == .milliseconds(150))
  }

  @Test func ticksPlayEveryEventThenStop() {
    var state = AppFixtures.state()
    _ = press(&state, .right)
    _ = TutorReducer.reduce(&state, .ticked)
    #expect(state.cursor == 1 && state.phase == 0)
    for _ in 0..<3 { _ = TutorReducer.reduce(&state, .ticked) }
    #expect(state.cursor == 1 && state.phase == 3)
    _ = TutorReducer.reduce(&state, .ticked)
    #expect(state.cursor == 2 && state.phase == 0)
    playToEnd(&state)
    #expect(state.isSettled && state.cursor == state.animationLength)
    #expect(state.nextTick == nil)
  }

  @Test(arguments: [Key.left, .character("h"), .pageUp, .backspace, .character("p")])
  func previousKeysShowTheRecordedStateAtOnce(key: Key) {
    var state = AppFixtures.state(step: 2)
    _ = press(&state, key)
    #expect(state.stepIndex == 1)
    #expect(state.isSettled)
    #expect(state.nextTick == nil)
  }

  @Test func goingBackRestoresExactlyTheEngineStateOfThatStep() throws {
    var forward = AppFixtures.state()
    _ = press(&forward, .right)
    playToEnd(&forward)
    var roundTrip = forward
    _ = press(&roundTrip, .right, .right, .left, .left)
    #expect(roundTrip.stepIndex == 1)
    let a = FrameBuilder.frame(for: forward)
    let b = FrameBuilder.frame(for: roundTrip)
    let size = try #require(a.memory?.size)
    #expect(try a.memory?.read(at: 0, count: size) == b.memory?.read(at: 0, count: size))
    #expect(a.queue == b.queue)
    #expect(try a.queue?.value(of: .availIdx, in: a.memory) == 1)
    #expect(try a.queue?.value(of: .usedIdx, in: a.memory) == 0)
  }

  @Test func framesReplayRingWritesUpToTheCursor() throws {
    var state = AppFixtures.state()
    _ = press(&state, .right)
    var sawDescriptorWrite = false
    while state.nextTick != nil {
      _ = TutorReducer.reduce(&state, .ticked)
      let frame = FrameBuilder.frame(for: state)
      if let current = frame.current, current.kind == .write, current.field == .descriptor(0, .len) {
        #expect(try frame.memory?.load(UInt32.self, at: current.address!) == 64)
        #expect(try frame.memory?.load(UInt16.self, at: state.stepPlayback.before.queue!.layout.availIdx) == 0)
        sawDescriptorWrite = true
      }
    }
    #expect(sawDescriptorWrite)
  }

  @Test func pauseSingleStepSpeedAndReplay() {
    var state = AppFixtures.state()
    _ = press(&state, .right, .character("s"))
    #expect(!state.play.isPlaying && state.nextTick == nil)
    _ = press(&state, .character("e"))
    #expect(state.cursor == 1 && state.phase == VisualFrame.phases - 1)
    _ = press(&state, .character("]"), .character("]"))
    #expect(state.cursor == 3)
    _ = press(&state, .character("["))
    #expect(state.cursor == 2)
    _ = press(&state, .character("+"), .character("+"))
    #expect(state.play.speedLabel == "4×")
    _ = press(&state, .character("-"))
    #expect(state.play.speedLabel == "2×")
    _ = press(&state, .character("r"))
    #expect(state.play.isPlaying && state.cursor == 0 && state.nextTick != nil)
  }

  @Test func escapeAndF5NeverQuitQuitSaves() {
    var state = AppFixtures.state()
    #expect(press(&state, .escape).isEmpty)
    #expect(press(&state, .function(5)).isEmpty)
    #expect(state.overlay == nil)
    #expect(press(&state, .character("q")) == [.saveProgress, .quit])
    #expect(press(&state, .ctrl("c")) == [.saveProgress, .quit])
  }

  @Test func helpAndBlankOverlaysCloseWithEscape() {
    var state = AppFixtures.state()
    _ = press(&state, .character("?"))
    #expect(state.overlay == .help)
    #expect(press(&state, .right).isEmpty && state.stepIndex == 0)  // keys go to the overlay
    _ = press(&state, .escape)
    #expect(state.overlay == nil)
    _ = press(&state, .character("."))
    #expect(state.overlay == .blank)
    _ = press(&state, .character("b"))
    #expect(state.overlay == nil)
  }

  @Test func exerciseStepWaitsForAPredictionAndChecksTheEngine() {
    var state = AppFixtures.state(step: 1)
    _ = press(&state, .right)
    #expect(state.stepIndex == 2 && state.heldForExercise && state.nextTick == nil)
    _ = press(&state, .character("a"))
    #expect(state.overlay == .exercise(ExercisePrompt(input: "")))
    _ = press(&state, .character("2"), .enter)
    #expect(state.overlay == .exercise(ExercisePrompt(input: "2", feedback: .incorrect("2 is not it. Hint: one push, one step of used.idx"))))
    #expect(state.progress.exercises["ring-basics#3"] == LearnerProgress.ExerciseResult(attempts: 1, correct: false))
    _ = press(&state, .backspace, .character("1"), .enter)
    #expect(state.overlay == .exercise(ExercisePrompt(input: "1", feedback: .correct("1 is right"))))
    #expect(state.progress.exercises["ring-basics#3"] == LearnerProgress.ExerciseResult(attempts: 2, correct: true))
    #expect(!state.heldForExercise)
    _ = press(&state, .escape)
    #expect(state.overlay == nil && state.nextTick != nil)  // the step now plays
  }

  @Test func playReleasesAHeldStep() {
    var state = AppFixtures.state(step: 1)
    _ = press(&state, .right, .character("s"))
    #expect(!state.heldForExercise && state.play.isPlaying && state.nextTick != nil)
  }

  @Test func lessonIndexOpensAnotherLesson() {
    var state = AppFixtures.state()
    _ = press(&state, .character("i"))
    #expect(state.overlay == .lessonIndex(selected: 0))
    _ = press(&state, .down, .down)
    #expect(state.overlay == .lessonIndex(selected: 1))
    #expect(press(&state, .enter) == [.saveProgress])
    #expect(state.lesson.id == "three-ways" && state.stepIndex == 0 && state.overlay == nil)
    #expect(state.progress.currentLesson == "three-ways")
  }

  @Test func progressRemembersStepsAndCompletion() {
    var state = AppFixtures.state()
    _ = press(&state, .end)
    #expect(state.stepIndex == 3)
    #expect(state.progress.steps["ring-basics"] == 3)
    #expect(state.progress.completed == ["ring-basics"])
    let resumed = TutorState(lessons: AppFixtures.lessons(), progress: state.progress)
    #expect(resumed.lesson.id == "ring-basics" && resumed.stepIndex == 3)
  }

  @Test func resizeAndScrollClamp() {
    var state = AppFixtures.state()
    _ = TutorReducer.reduce(&state, .resized(Size(width: 120, height: 40)))
    #expect(state.screen == Size(width: 120, height: 40))
    _ = press(&state, .down, .down, .character("j"))
    #expect(state.scroll == 0)  // the step fits: nothing to scroll
    _ = press(&state, .up)
    #expect(state.scroll == 0)
  }

  @Test func flowStepsAnimateFlowSteps() {
    var state = AppFixtures.state(lesson: "three-ways")
    #expect(state.animatesFlow)
    #expect(state.animationLength == state.stepPlayback.flow?.steps.count)
    let frame = FrameBuilder.frame(for: state)
    #expect(frame.counterRows.map(\.totals.exits) == [12])  // 2 per byte × 4 + 3 handler accesses + the EOI (closed form in VirtioFlowsTests)
    _ = press(&state, .right)
    #expect(FrameBuilder.frame(for: state).compareRuns.map(\.flow.rawValue) == ["emulated", "assigned", "virtio"])
  }
}
