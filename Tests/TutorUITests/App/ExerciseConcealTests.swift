import TermGrid
import Testing
import VirtioLessons
import VirtioScript

@testable import TutorUI

extension TutorState {
  /// Records the current step's exercise as answered correctly (what `a` and a right answer do).
  mutating func answerForTest() {
    progress.exercises[LearnerProgress.exerciseKey(lesson: lesson.id, step: stepIndex)] =
      LearnerProgress.ExerciseResult(attempts: 1, correct: true)
  }
}

/// The count an exercise asks for is not on screen before the learner answers (issue 12 item 7: "after the
/// answer"): on a `play: before` step (played on arrival) the pane that shows it draws `?` there, with a legend,
/// until the exercise is answered. Every shipped exercise is tried as if it were `play: before`.
@Suite struct ExerciseConcealTests {
  /// The shipped lessons with every exercise made `play: before`.
  static func playedBefore() throws -> [Lesson] {
    LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons.map { lesson in
      var lesson = lesson
      for i in lesson.steps.indices { lesson.steps[i].exercise?.play = .before }
      return lesson
    }
  }

  /// Whether the tutor's panes can show (and so hide) `quantity` on a step drawn with `view`: counter columns, the
  /// status byte's value, a split ring's field.
  static func shown(_ quantity: ScriptQuantity, view: LessonView, frame: VisualFrame) -> Bool {
    switch quantity {
    case .counter(let name): return !CounterQuantity.columns(forScript: name, flow: false).isEmpty
    case .flow(let name):
      // A compare step's table hides `flow.NAME.TOTAL` of the runs it shows; the counters hide the rest.
      if view == .compare { return name.split(separator: ".").count == 2 }
      return frame.counterRows.contains { !$0.concealed.isEmpty }
    case .status: return view == .status
    case .field(let field):
      if case .packed = field { return false }
      return frame.queue != nil && view == .ring
    default: return false
    }
  }

  @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
  func everyExerciseHidesWhatItChecksUntilAnswered(_ size: Size) throws {
    let lessons = try Self.playedBefore()
    var hidden: [String] = []
    var open: [String] = []
    var wrong: [String] = []
    for lesson in lessons {
      for index in lesson.steps.indices {
        guard let check = lesson.steps[index].exercise?.check, let quantity = ScriptQuantity(parsing: check) else { continue }
        let at = "\(lesson.id) step \(index + 1) (\(check))"
        var state = TutorState(lessons: lessons, lessonID: lesson.id, step: index, screen: size)
        state.show(event: state.animationLength)
        let frame = FrameBuilder.frame(for: state)
        if frame.concealed != quantity { wrong.append("\(at): not concealed in the frame") }
        let before = TutorView.render(state).lines
        let legend = before.contains { $0.contains("? = your answer first") }
        if Self.shown(quantity, view: lesson.view(forStep: index), frame: frame) {
          if legend { hidden.append(at) } else { wrong.append("\(at): shown without its ?") }
        } else {
          open.append(at)
        }
        state.answerForTest()
        let after = TutorView.render(state).lines
        if FrameBuilder.frame(for: state).concealed != nil || after.contains(where: { $0.contains("? = your answer first") }) {
          wrong.append("\(at): still hidden after the answer")
        }
      }
    }
    #expect(wrong == [])
    // Most exercises ask for a count the panes show (24 of 37 with a check); the rest (error names, addresses, free
    // counts in captions, packed fields, a status asked on a step without the status picture) are not concealed yet.
    #expect(hidden.count >= 24, "\(hidden)")
    #expect(open.allSatisfy { !$0.contains("(flow.") }, "\(open)")
  }

  @Test func theCountersCellIsAQuestionMarkUntilAnswered() throws {
    let lessons = try Self.playedBefore()
    let lesson = try #require(lessons.first { $0.id == "the-cost-model" })
    var state = TutorState(lessons: lessons, lessonID: lesson.id, step: 4, screen: Size(width: 80, height: 24))
    state.show(event: state.animationLength)
    let layout = TutorView.layout(for: state).layout.countersPane
    let before = TutorView.render(state).lines[layout.y..<layout.maxY].joined(separator: "\n")
    #expect(before.contains("?│") && !before.contains("7,000") && before.contains("? = your answer first"))
    state.answerForTest()
    let after = TutorView.render(state).lines[layout.y..<layout.maxY].joined(separator: "\n")
    #expect(after.contains("7,000") && !after.contains("?│") && !after.contains("your answer first"))
  }
}
