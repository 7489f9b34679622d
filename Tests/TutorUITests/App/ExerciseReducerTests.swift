import Foundation
import TermGrid
import Testing
import VirtioLessons
@testable import TutorUI

/// Exercises: the explanation, the answer revealed after the third wrong try, choices picked with arrows or their
/// number, the review, and redoing one exercise: exact states.
@Suite struct ExerciseReducerTests {
  static let lesson = """
    ---
    title: Feedback
    id: feedback
    setup: queue size=8
    ---
    ## Offer

    ```virtio
    driver add out=64
    driver publish
    driver kick
    ```

    ```exercise
    question: What is avail.idx now?
    check: avail.idx
    hint: one publish
    explain: publish writes the shadow index, which counts every add.
    ```

    ## Who

    ```virtio
    device pop
    ```

    ```exercise
    question: Who wrote used.avail_event?
    choices: driver, device, nobody
    answer: device
    explain: with EVENT_IDX off nobody would; here the device pops.
    ```

    ## Numbers

    ```exercise
    question: How many kicks?
    choices: 0, 1, 2
    check: kicks
    ```
    """

  func state(step: Int = 0) -> TutorState {
    let (lesson, diagnostics) = LessonParser.parse(text: Self.lesson, file: "feedback.md")
    precondition(diagnostics.filter(\.isError).isEmpty, "\(diagnostics)")
    return TutorState(lessons: [lesson!], step: step, screen: Size(width: 80, height: 24))
  }

  func press(_ state: inout TutorState, _ keys: Key...) -> [TutorEffect] {
    keys.flatMap { TutorReducer.reduce(&state, .keyPressed($0)) }
  }

  func type(_ state: inout TutorState, _ text: String) {
    for c in text { _ = press(&state, .character(c)) }
    _ = press(&state, .enter)
  }

  @Test func aRightAnswerShowsTheExplanation() {
    var state = self.state()
    _ = press(&state, .character("a"))
    type(&state, "1")
    #expect(
      state.overlay == .exercise(ExercisePrompt(
        input: "1", feedback: .correct("1 is right", explanation: "publish writes the shadow index, which counts every add."))))
    #expect(state.progress.exercises["feedback#1"] == .init(attempts: 1, correct: true))
  }

  @Test func theThirdWrongAnswerRevealsTheAnswerAndTheExplanation() {
    var state = self.state()
    _ = press(&state, .character("a"))
    type(&state, "5")
    #expect(state.overlay == .exercise(ExercisePrompt(input: "5", feedback: .incorrect("5 is not it. Hint: one publish"))))
    _ = press(&state, .backspace)
    type(&state, "2")
    #expect(state.overlay == .exercise(ExercisePrompt(
      input: "2", feedback: .incorrect("2 is not it. Hint: one publish (one more try, then the answer is shown)"))))
    _ = press(&state, .backspace)
    type(&state, "0")
    #expect(state.overlay == .exercise(ExercisePrompt(input: "0", feedback: ExerciseFeedback(
      .revealed, "0 is not it. The answer is 1.", explanation: "publish writes the shadow index, which counts every add."))))
    #expect(state.progress.exercises["feedback#1"] == .init(attempts: 3, correct: false, revealed: true))
    #expect(state.exerciseAnswered)
    let text = TutorView.render(state).text
    #expect(text.contains("! 0 is not it. The answer is 1."))
    #expect(text.contains("publish writes the shadow index"))
  }

  @Test func choicesArePickedWithArrowsAndNeverTyped() {
    var state = self.state(step: 1)
    _ = press(&state, .character("a"))
    #expect(state.overlay == .exercise(ExercisePrompt(selected: 0)))
    _ = press(&state, .character("d"), .character("b"))  // letters are not typed; `b` blanks
    #expect(state.overlay == .blank && state.underBlank == .exercise(ExercisePrompt(selected: 0)))
    _ = press(&state, .character("b"), .down, .down, .down, .up)
    #expect(state.overlay == .exercise(ExercisePrompt(selected: 1)))
    #expect(TutorView.render(state).text.contains("▸ 2. device"))
    #expect(press(&state, .enter) == [.saveProgress])
    #expect(state.overlay == .exercise(ExercisePrompt(
      selected: 1, feedback: .correct("device is right", explanation: "with EVENT_IDX off nobody would; here the device pops."))))
  }

  @Test func aChoicesNumberPicksItAtOnce() {
    var state = self.state(step: 1)
    _ = press(&state, .character("a"), .character("3"))
    #expect(state.overlay == .exercise(ExercisePrompt(selected: 2, feedback: .incorrect("nobody is not it"))))
    _ = press(&state, .character("9"))  // no ninth choice: nothing
    #expect(state.progress.exercises["feedback#2"]?.attempts == 1)
  }

  @Test func numericChoicesArePickedByTheirValue() {
    var state = self.state(step: 2)
    _ = press(&state, .character("a"), .character("1"))
    #expect(state.overlay == .exercise(ExercisePrompt(selected: 1, feedback: .correct("1 is right"))))
  }

  @Test func theReviewListsEachExerciseAttemptsAndResult() throws {
    var state = self.state()
    _ = press(&state, .character("a"))
    type(&state, "1")
    _ = press(&state, .escape, .right, .character("a"), .character("1"), .escape, .character("v"))
    #expect(state.overlay == .review)
    #expect(ReviewOverlay.rows(state).map { "\($0.step) \($0.attempts) \($0.result?.correct == true)" } == ["1 1 true", "2 1 false", "3 0 false"])
    let lines = TutorView.render(state).lines
    #expect(lines.contains { $0.contains("step  question") && $0.contains("tries  result") })
    #expect(lines.contains { $0.contains("   1  What is avail.idx now?") && $0.contains("    1  ✓ right") })
    #expect(lines.contains { $0.contains("   2  Who wrote used.avail_event?") && $0.contains("    1  ✗ not yet") })
    #expect(lines.contains { $0.contains("   3  How many kicks?") && $0.contains("    0  – not tried") })
    #expect(lines.contains { $0.contains("1 of 3 right") })
    _ = press(&state, .escape)
    #expect(state.overlay == nil)
  }

  @Test func redoForgetsOnlyThisExerciseAndWaitsForAPredictionAgain() {
    var state = self.state()
    _ = press(&state, .character("a"))
    type(&state, "1")
    _ = press(&state, .escape, .right, .character("a"), .character("2"), .escape)
    #expect(state.progress.exercises.count == 2)
    #expect(press(&state, .character("x")) == [.saveProgress])
    #expect(state.progress.exercises == ["feedback#1": .init(attempts: 1, correct: true)])
    #expect(state.stepIndex == 1 && state.cursor == 0 && state.heldForExercise)
    #expect(state.notice == "exercise reset: predict again, a answers")
  }

  @Test func resetLessonForgetsOnlyThatLesson() {
    var progress = LearnerProgress()
    progress.exercises = ["a#1": .init(attempts: 1, correct: true), "a#3": .init(attempts: 2), "ab#1": .init(attempts: 1)]
    progress.steps = ["a": 3, "ab": 1]
    progress.completed = ["a", "ab"]
    progress.currentLesson = "a"
    #expect(progress.reset(lesson: "a") == 2)
    #expect(progress.exercises == ["ab#1": .init(attempts: 1)])
    #expect(progress.steps == ["ab": 1] && progress.completed == ["ab"])
  }

  @Test func oldProgressFilesWithoutRevealedStillDecode() throws {
    let json = #"{"version":1,"steps":{},"completed":[],"exercises":{"x#1":{"attempts":2,"correct":false}}}"#
    let progress = try JSONDecoder().decode(LearnerProgress.self, from: Data(json.utf8))
    #expect(progress.exercises["x#1"] == .init(attempts: 2, correct: false, revealed: false))
  }
}
