import TermGrid
import TestSupport
import Testing
import VirtioLessons

@testable import TutorUI

/// `virtio-tutor render --answered` (`TutorState.showAnswered()`): a step as the tutor shows it right after a
/// right answer: the whole step played, the exercise box with the verdict and the `explain:` text.
@Suite struct AnsweredRenderTests {
  static let lessons = ExerciseHoldTests.lessons

  static func state(_ title: String, size: Size = Size(width: 80, height: 24)) throws -> (TutorState, Exercise) {
    for lesson in lessons {
      if let index = lesson.steps.firstIndex(where: { $0.title == title }) {
        let exercise = try #require(lesson.steps[index].exercise)
        return (TutorState(lessons: lessons, lessonID: lesson.id, step: index, screen: size), exercise)
      }
    }
    throw Missing(title: title)
  }

  struct Missing: Error { var title: String }

  @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
  func aQuestionShownAnswered(_ size: Size) throws {
    var (state, exercise) = try Self.state("A chain of three", size: size)
    let shown = state.showAnswered()
    #expect(shown)
    #expect(state.exerciseAnswered && state.isSettled && !state.play.isPlaying)
    #expect(state.overlay == .exercise(ExercisePrompt(input: "2", feedback: .correct("2 is right", explanation: exercise.explain))))
    try GridSnapshot.verify(TutorView.render(state), named: "answered-chain-of-three-\(size.width)x\(size.height)")
  }

  @Test func aHeldQuestionShownAnsweredPlaysItsWholeStep() throws {
    var (state, exercise) = try Self.state("Your turn: which error?")
    #expect(state.heldForExercise)
    let whole = state.wholeStepPlayback.commands.count
    #expect(state.stepPlayback.commands.count < whole)
    let shown = state.showAnswered()
    #expect(shown)
    #expect(!state.heldForExercise && state.stepPlayback.commands.count == whole && state.isSettled)
    let text = TutorView.render(state).text
    #expect(text.contains("is right"))
    let firstWords = try #require(exercise.explain?.split(separator: " ").prefix(2).joined(separator: " "))
    #expect(text.contains(firstWords), "\(text)")
  }

  @Test func aChoiceIsPickedByItsIndex() throws {
    let found = Self.lessons.compactMap { lesson in
      lesson.steps.firstIndex { $0.exercise?.choices.isEmpty == false }.map { (lesson, $0) }
    }.first
    let (lesson, index) = try #require(found)
    var state = TutorState(lessons: Self.lessons, lessonID: lesson.id, step: index)
    let shown = state.showAnswered()
    #expect(shown)
    guard case .exercise(let prompt) = state.overlay else {
      Issue.record("no exercise box")
      return
    }
    let exercise = try #require(lesson.steps[index].exercise)
    let answer = try #require(state.expectedAnswer(for: exercise))
    let picked = try #require(prompt.selected)
    #expect(ExerciseAnswer(parsing: exercise.choices[picked])?.matches(answer) == true)
    #expect(prompt.feedback?.verdict == .correct && prompt.feedback?.explanation == exercise.explain)
  }

  @Test func aGoalShownReachedSaysSoInTheStatusLine() throws {
    let found = Self.lessons.compactMap { lesson in lesson.steps.firstIndex { $0.exercise?.goal != nil }.map { (lesson, $0) } }.first
    let (lesson, index) = try #require(found)
    var state = TutorState(lessons: Self.lessons, lessonID: lesson.id, step: index)
    let shown = state.showAnswered()
    #expect(shown)
    let exercise = try #require(lesson.steps[index].exercise)
    #expect(state.exerciseAnswered && state.overlay == nil)
    #expect(state.notice == "goal reached: \(exercise.goal!). \(exercise.explain!)")
  }

  @Test func aStepWithoutAnExerciseCannotBeShownAnswered() throws {
    var state = TutorState(lessons: Self.lessons, step: 0)
    #expect(state.currentExercise == nil)
    let shown = state.showAnswered()
    #expect(!shown)
    #expect(state.overlay == nil && !state.exerciseAnswered)
  }
}
