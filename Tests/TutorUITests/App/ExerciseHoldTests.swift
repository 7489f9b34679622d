import Foundation
import TermGrid
import TestSupport
import Testing
import VirtioLessons
import VirtioScript

@testable import TutorUI

/// Predict, then watch: a step whose exercise (`play: after`) is not answered yet shows the engine's state before
/// the commands it asks about (its `prelude:` scripts played, nothing else), and says that the step plays after
/// the answer; answering or skipping releases it.
@Suite struct ExerciseHoldTests {
  static let lessons = (try? LessonLoader.load(ShippedLessonsTests.files()).catalog.lessons) ?? []

  static func state(_ id: String, step: Int, size: Size = Size(width: 80, height: 24)) throws -> TutorState {
    _ = try #require(lessons.first { $0.id == id })
    return TutorState(lessons: lessons, lessonID: id, step: step, screen: size)
  }

  /// The text of the screen's panes the engine feeds (the picture, the counters, the event log and the caption
  /// band): everything but the lesson text, the title bar and the status line.
  static func paneText(_ state: TutorState) -> String {
    let grid = TutorView.render(state)
    let layout = TutorView.layout(for: state).layout
    let lines = grid.lines
    var out: [String] = []
    for (y, line) in lines.enumerated() where y != layout.titleBar.y && y != layout.statusBar.y {
      let scalars = Array(line.unicodeScalars)
      var row = ""
      for (x, scalar) in scalars.enumerated() where !layout.lessonPane.contains(Point(x: x, y: y)) {
        row.unicodeScalars.append(scalar)
      }
      out.append(row)
    }
    return out.joined(separator: "\n")
  }

  /// The whole tokens of `text` (letters, digits, `-`, `_`, `,` in a number such as `1,750`).
  static func tokens(_ text: String) -> Set<String> {
    var out: Set<String> = []
    var current = ""
    for c in text {
      if c.isLetter || c.isNumber || c == "-" || c == "_" || c == "," && current.last?.isNumber == true {
        current.append(c)
      } else {
        if !current.isEmpty { out.insert(current.trimmingCharacters(in: CharacterSet(charactersIn: ",-"))) }
        current = ""
      }
    }
    if !current.isEmpty { out.insert(current.trimmingCharacters(in: CharacterSet(charactersIn: ",-"))) }
    return out
  }

  /// The spellings of an answer a pane could show: the engine's text, and for a number its decimal, grouped
  /// (`1,750`) and hexadecimal forms.
  static func spellings(_ answer: String) -> Set<String> {
    guard let value = ExerciseAnswer(parsing: answer), case .integer(let n) = value else { return [answer] }
    var digits = String(n.magnitude)
    var grouped = ""
    while digits.count > 3 {
      grouped = "," + digits.suffix(3) + grouped
      digits.removeLast(3)
    }
    grouped = (n < 0 ? "-" : "") + digits + grouped
    return [String(n), "0x" + String(n, radix: 16), grouped]
  }

  // MARK: - Screens

  @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
  func aHeldStepBeforeAndAfterTheAnswer(_ size: Size) throws {
    // Lesson 11, step 13: the corruption (its prelude) is on screen, the pop it asks about is not.
    var state = try Self.state("what-a-device-must-reject", step: 12, size: size)
    #expect(state.heldForExercise)
    try GridSnapshot.verify(TutorView.render(state), named: "held-before-answer-\(size.width)x\(size.height)")
    _ = TutorReducer.reduce(&state, .keyPressed(.character("a")))
    _ = TutorReducer.reduce(&state, .keyPressed(.character("2")))
    _ = TutorReducer.reduce(&state, .keyPressed(.escape))
    #expect(!state.heldForExercise && state.play.isPlaying && state.nextTick != nil)
    var ticks = 0
    while !state.isSettled && ticks < 10_000 {
      _ = TutorReducer.reduce(&state, .ticked)
      ticks += 1
    }
    try GridSnapshot.verify(TutorView.render(state), named: "held-after-answer-\(size.width)x\(size.height)")
  }

  // MARK: - Every shipped exercise

  @Test func noHeldScreenShowsTheAnswerOfItsExercise() throws {
    var leaks: [String] = []
    var held = 0
    for lesson in Self.lessons {
      let playback = LessonPlayback(lesson: lesson)
      for index in lesson.steps.indices {
        guard let exercise = lesson.steps[index].exercise, exercise.goal == nil else { continue }
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
          var state = TutorState(lessons: Self.lessons, lessonID: lesson.id, step: index, screen: size)
          let answer = try #require(state.expectedAnswer(for: exercise), "\(lesson.id) step \(index + 1)")
          let forms = Self.spellings(answer)
          // The baseline: what the learner saw before this step (the previous step, answered and settled).
          var seen: Set<String> = []
          if index > 0 {
            var previous = TutorState(lessons: Self.lessons, lessonID: lesson.id, step: index - 1, screen: size)
            previous.answerForTest()
            previous.settle()
            seen = Self.tokens(Self.paneText(previous))
          }
          // The step's own set-up (a new or reset queue: descriptor rows 0–7 of a fresh 8-entry queue, not an
          // answer) is on screen before any question too: the step opens on it (`StepStartTests`).
          if playback.step(index).setUpCommands > 0 {
            var start = TutorState(lessons: Self.lessons, lessonID: lesson.id, step: index, screen: size)
            start.answerForTest()
            start.show(event: 0)  // never before the set-up: its end
            seen.formUnion(Self.tokens(Self.paneText(start)))
          }
          let at = "\(lesson.id) step \(index + 1) \(size.width)x\(size.height) (\(answer))"
          if exercise.play == .after {
            // Held whenever there is something after the prelude; only the prelude's commands are played, and
            // the caption says why.
            let whole = playback.step(index)
            // The prelude's commands, and never less than the step's set-up (a leading reset or `queue` line).
            let kept = max(exercise.prelude == 0 ? 0 : whole.scriptEnds[exercise.prelude - 1], whole.setUpCommands)
            #expect(state.heldForExercise == (kept < whole.commands.count), "\(at)")
            if state.heldForExercise {
              held += 1
              #expect(state.stepPlayback.commands.count == kept, "\(at)")
              #expect(state.stepPlayback.events.count == whole.commands.prefix(kept).reduce(0) { $0 + $1.events.count })
              #expect(FrameBuilder.frame(for: state).heldCaption == TutorState.heldCaption, "\(at)")
            }
          }
          // The panes before the answer: the answer's token appears only if the learner already saw it.
          let shown = Self.tokens(Self.paneText(state))
          for form in forms where shown.contains(form) && !seen.contains(form) { leaks.append("\(at): shows \(form)") }
          // Plain text and narration: the events said before the answer.
          let said = Narrator(prose: PlainProse(width: 80, unicode: true), mode: .printed).events(state.stepPlayback, flow: state.animatesFlow)
          let words = Self.tokens(said.joined(separator: "\n"))
          let saidBefore = index > 0
            ? Self.tokens(Narrator(prose: PlainProse(width: 80, unicode: true), mode: .printed).events(playback.step(index - 1), flow: false).joined(separator: "\n")).union(seen)
            : seen
          for form in forms where words.contains(form) && !saidBefore.contains(form) { leaks.append("\(at): says \(form)") }
          // After the answer the step plays whole.
          state.answerForTest()
          #expect(!state.heldForExercise && state.stepPlayback.commands.count == playback.step(index).commands.count)
        }
      }
    }
    #expect(leaks == [])
    #expect(held >= 2 * 30, "held \(held)")
  }

  // MARK: - Reducer

  static let fixture = """
    ---
    title: Hold
    id: hold
    order: 1
    minutes: 1
    setup: queue size=8
    ---
    ## Offer

    ```virtio
    driver add out=64
    driver publish
    ```

    ## Predict the pop

    ```virtio
    driver kick
    ```

    ```virtio
    device pop
    device push len=0
    ```

    ```exercise
    prelude: 1
    question: What is used.idx now?
    check: used.idx
    explain: One push.
    ```

    ## Watch first

    ```virtio
    device interrupt
    ```

    ```exercise
    play: before
    question: How many interrupts?
    check: interrupts
    explain: One.
    ```
    """

  static func fixtureLesson() throws -> Lesson {
    let (lesson, diagnostics) = LessonParser.parse(text: fixture, file: "hold.md")
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    return try #require(lesson)
  }

  static func fixtureState() throws -> TutorState {
    TutorState(lessons: [try fixtureLesson()], lessonID: "hold", step: 0)
  }

  /// used.idx in the engine state the step shows.
  static func usedIdx(_ state: TutorState) -> String? {
    guard case .success(let value) = state.stepPlayback.after.evaluate("used.idx", memory: state.stepPlayback.memoryAtEnd) else { return nil }
    return EngineValue(value).text
  }

  /// The fixture's step 2: events of its prelude (`driver kick`) and of the whole step.
  static func counts(_ state: TutorState) -> (prelude: Int, whole: Int) {
    let whole = state.playback.step(1)
    return (whole.commands[0].events.count, whole.events.count)
  }

  @Test func aHeldStepPlaysItsPreludeThenWaitsAndAnAnswerReleasesIt() throws {
    var state = try Self.fixtureState()
    let (prelude, whole) = Self.counts(state)
    #expect(prelude > 0 && whole > prelude)
    _ = TutorReducer.reduce(&state, .keyPressed(.right))
    #expect(state.stepIndex == 1 && state.heldForExercise && state.animationLength == prelude)
    #expect(state.notice == TutorState.heldNotice)
    while state.nextTick != nil { _ = TutorReducer.reduce(&state, .ticked) }
    #expect(state.isSettled && state.cursor == prelude && Self.usedIdx(state) == "0")
    #expect(FrameBuilder.frame(for: state).heldCaption == TutorState.heldCaption)
    _ = TutorReducer.reduce(&state, .keyPressed(.character("a")))
    _ = TutorReducer.reduce(&state, .keyPressed(.character("1")))
    _ = TutorReducer.reduce(&state, .keyPressed(.enter))
    _ = TutorReducer.reduce(&state, .keyPressed(.escape))
    #expect(!state.heldForExercise && state.animationLength == whole && state.cursor == prelude && state.nextTick != nil)
    while state.nextTick != nil { _ = TutorReducer.reduce(&state, .ticked) }
    #expect(state.cursor == whole && Self.usedIdx(state) == "1" && FrameBuilder.frame(for: state).heldCaption == nil)
    // Back and forth: the answer is remembered, the step shows whole.
    _ = TutorReducer.reduce(&state, .keyPressed(.left))
    _ = TutorReducer.reduce(&state, .keyPressed(.right))
    #expect(!state.heldForExercise && state.animationLength == whole)
  }

  @Test func skippingReleasesForThisRunAndRedoHoldsAgain() throws {
    var state = try Self.fixtureState()
    let (prelude, whole) = Self.counts(state)
    _ = TutorReducer.reduce(&state, .keyPressed(.right))
    #expect(state.heldForExercise)
    _ = TutorReducer.reduce(&state, .keyPressed(.character("s")))
    #expect(!state.heldForExercise && state.exerciseSkipped && state.play.isPlaying && state.animationLength == whole)
    #expect(state.progress.exercises.isEmpty)
    _ = TutorReducer.reduce(&state, .keyPressed(.left))
    _ = TutorReducer.reduce(&state, .keyPressed(.right))
    #expect(!state.heldForExercise)
    _ = TutorReducer.reduce(&state, .keyPressed(.character("x")))
    #expect(state.heldForExercise && state.animationLength == prelude)
  }

  @Test func arrivingBackwardsOnAnUnansweredStepShowsItHeld() throws {
    var state = try Self.fixtureState()
    let (prelude, _) = Self.counts(state)
    _ = state.goToStep(2, animate: true)
    _ = TutorReducer.reduce(&state, .keyPressed(.left))
    #expect(state.stepIndex == 1 && state.heldForExercise && state.isSettled && state.cursor == prelude)
    #expect(Self.usedIdx(state) == "0")
  }

  @Test func playBeforePlaysOnArrivalAndConcealsTheCount() throws {
    var state = try Self.fixtureState()
    _ = state.goToStep(2, animate: true)
    #expect(!state.heldForExercise && state.animationLength == state.playback.step(2).events.count && state.animationLength > 0)
    state.settle()
    #expect(FrameBuilder.frame(for: state).concealed == ScriptQuantity(parsing: "interrupts"))
  }

  @Test func thePrintedLessonSaysHeldStepsPlayAfterTheAnswer() throws {
    let lesson = try Self.fixtureLesson()
    let lines = Narrator(prose: PlainProse(width: nil, unicode: true), mode: .printed).lesson(lesson)
    let step = LessonPlayback(lesson: lesson).step(1)
    #expect(lines.contains(Narrator.heldPrinted))
    let said = lines.joined(separator: "\n")
    for event in step.commands[0].events { #expect(said.contains(EventSentence.sentence(event))) }
    for event in step.commands[1...].flatMap(\.events) { #expect(!said.contains(EventSentence.sentence(event))) }
  }

  @Test func aRecordingShowsTheQuestionBeforeTheStepPlays() throws {
    var state = try Self.fixtureState()
    state.screen = Size(width: 80, height: 24)
    let cast = LessonRecorder.record(state, steps: 1...1)
    let frames = cast.events.filter { $0.code == "o" }.map(\.data)
    let question = try #require(frames.firstIndex { $0.contains("What is used.idx now?") })
    let pushed = frames.firstIndex { $0.contains("push") }
    #expect(pushed == nil || pushed! > question)
  }
}
