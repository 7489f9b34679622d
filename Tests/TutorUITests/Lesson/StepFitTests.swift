import TermGrid
import Testing
import VirtioLessons

@testable import TutorUI

/// `virtio-tutor check`'s "does this step fit 80×24" hook.
@Suite struct StepFitTests {
  /// A one-step lesson whose step is a tight list of `count` one-word items: exactly `count` lines.
  func list(_ count: Int) -> Lesson {
    LessonFixtures.oneStep((1...count).map { "- item \($0)" }.joined(separator: "\n"), title: "Long list")
  }

  @Test func theAreaIsTheLayoutsLessonText() {
    #expect(StepFit.textArea.size == Size(width: 38, height: 20))
  }

  @Test func aStepThatFitsPasses() {
    #expect(StepFit.check(lesson: list(20), stepIndex: 0) == nil)
    #expect(StepFit.check(lesson: LessonFixtures.lesson(LessonFixtures.tour), stepIndex: 1) == nil)
  }

  @Test func aStepThatNeedsScrollingIsAnErrorAtItsHeading() {
    let diagnostic = StepFit.check(lesson: list(21), stepIndex: 0)
    #expect(
      diagnostic?.description
        == "tour.md:4:1: error: step 'Long list' needs 21 lines but the lesson pane at 80×24 shows 20; split the step or shorten it"
    )
    let tour = LessonFixtures.lesson(LessonFixtures.tour)
    #expect(
      StepFit.check(lesson: tour, stepIndex: 0)?.description
        == "tour.md:7:1: error: step 'Everything at once' needs 31 lines but the lesson pane at 80×24 shows 20; split the step or shorten it"
    )
  }

  @Test func theExerciseCounts() {
    // 14 lines of list, a blank, then 4 exercise lines (question, 2 choices, "press a to answer"): 19 lines.
    let body = (1...14).map { "- item \($0)" }.joined(separator: "\n")
      + "\n\n```exercise\nquestion: Who?\nchoices: driver, device\nanswer: device\n```"
    let fits = LessonFixtures.oneStep(body)
    #expect(LessonPane.lineCount(lesson: fits, stepIndex: 0, width: 38) == 19)
    #expect(StepFit.check(lesson: fits, stepIndex: 0) == nil)
    #expect(StepFit.check(lesson: LessonFixtures.oneStep("- extra\n" + body), stepIndex: 0) == nil)  // 20: fits
    let tooLong = LessonFixtures.oneStep("- extra\n- extra\n" + body)
    #expect(StepFit.check(lesson: tooLong, stepIndex: 0)?.message.hasPrefix("step 'Step' needs 21 lines") == true)
  }

  @Test func wideCodeAndTablesAreWarnings() {
    let code = LessonFixtures.oneStep("```\n" + String(repeating: "x", count: 50) + "\n```", title: "Code")
    #expect(
      StepFit.check(lesson: code, stepIndex: 0)?.description
        == "tour.md:4:1: warning: step 'Code' has a code line that needs 52 columns but the lesson pane at 80×24 has 38; it is cut short with '…'"
    )
    let table = LessonFixtures.oneStep("| a | b |\n|---|---|\n| \(String(repeating: "y", count: 30)) | \(String(repeating: "z", count: 10)) |", title: "Table")
    #expect(
      StepFit.diagnostics(lesson: table, stepIndex: 0).map(\.description) == [
        "tour.md:4:1: warning: step 'Table' has a table that needs 43 columns but the lesson pane at 80×24 has 38; it is cut short with '…'"
      ])
    // Both: the error comes first.
    let both = LessonFixtures.oneStep((1...25).map { "- \($0)" }.joined(separator: "\n") + "\n\n```\n" + String(repeating: "x", count: 50) + "\n```")
    #expect(StepFit.diagnostics(lesson: both, stepIndex: 0).map(\.severity) == [.error, .warning])
    #expect(StepFit.check(lesson: both, stepIndex: 0)?.isError == true)
  }

  @Test func outOfRangeStepsAreNotChecked() {
    #expect(StepFit.check(lesson: list(30), stepIndex: 1) == nil)
    #expect(StepFit.check(lesson: list(30), stepIndex: -1) == nil)
  }

  @Test func plugsIntoTheLessonChecker() {
    let text = "---\ntitle: T\n---\n## Short\n\nfine\n\n## Long\n\n" + (1...22).map { "- \($0)" }.joined(separator: "\n") + "\n"
    var checker = LessonChecker(evaluator: EngineScriptEvaluator(), stepFits: StepFit.check(lesson:stepIndex:))
    let diagnostics = checker.check(bytes: Array(text.utf8), file: "l.md")
    #expect(diagnostics.map(\.description) == [
      "l.md:8:1: error: step 'Long' needs 22 lines but the lesson pane at 80×24 shows 20; split the step or shorten it"
    ])
  }
}
