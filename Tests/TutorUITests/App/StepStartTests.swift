import TermGrid
import Testing
import VirtioLessons
import VirtioScript

@testable import TutorUI

/// A step's first frame shows that step's own starting state (issue 15): a step that starts over, with a `queue`
/// line or `driver reset`, opens on the queue after its set-up, never on the previous step's (broken, or other
/// format) queue; a step that continues the previous step's queue (no set-up, or a script marked `continues`)
/// opens on the previous step's end.
@Suite struct StepStartTests {
  static let lessons = ExerciseHoldTests.lessons

  /// The set-up as this test reads it from the step's command lines (independently of `StepPlayback`): `queue …`
  /// lines and resets (`driver reset`, `driver status 0`) followed, after any `expect`s, by `driver init`, with the
  /// `driver init`, `device strict` and `expect` lines between and after them.
  static func setUpLength(_ lines: [String]) -> Int {
    func isReset(_ line: String) -> Bool { line == "driver reset" || line == "driver status 0" }
    func isInit(_ line: String) -> Bool { line == "driver init" || line.hasPrefix("driver init ") }
    var length = 0
    while length < lines.count {
      let line = lines[length]
      if line == "queue" || line.hasPrefix("queue ") {
        length += 1
      } else if isReset(line), let initAt = lines[(length + 1)...].firstIndex(where: { !$0.hasPrefix("expect ") }), isInit(lines[initAt]) {
        length = initAt + 1
      } else if length > 0, isInit(line) || line.hasPrefix("device strict ") || line.hasPrefix("expect ") {
        length += 1
      } else {
        break
      }
    }
    return length
  }

  /// The session the step's first frame must show: after its set-up, or the previous step's end.
  static func expectedStart(_ step: StepPlayback, continues: Bool) -> ScriptSession {
    let setUp = continues ? 0 : setUpLength(step.commands.map { $0.line.text.trimmingCharacters(in: .whitespaces) })
    return setUp == 0 ? step.before : step.commands[setUp - 1].after
  }

  static func sameRing(_ a: ScriptSession, _ b: ScriptSession) -> Bool {
    a.queue == b.queue && a.packedQueue == b.packedQueue && a.lastError == b.lastError
  }

  @Test func everyShippedStepOpensOnItsOwnStart() throws {
    var wrong: [String] = []
    var startingOver = 0
    var continuing = 0
    for lesson in Self.lessons {
      for index in lesson.steps.indices {
        for answered in [false, true] {
          var state = TutorState(lessons: Self.lessons, lessonID: lesson.id, step: index, screen: Size(width: 120, height: 40))
          if answered { state.answerForTest() }
          _ = state.arrive(animate: true)
          guard !state.animatesFlow else { continue }  // a flow view draws the flow run, not a ring snapshot
          let whole = state.playback.step(index)
          let continues = lesson.steps[index].scripts.first?.continues == true
          let expected = Self.expectedStart(whole, continues: continues)
          let shown = FrameBuilder.frame(for: state).session
          if !Self.sameRing(shown, expected) {
            let error = shown.lastError.map { " (shows \($0.error.kind))" } ?? ""
            wrong.append("\(lesson.id) step \(index + 1)\(answered ? " answered" : "")\(error)")
          }
          if !answered {
            if Self.setUpLength(whole.commands.map(\.line.text)) > 0 && !continues { startingOver += 1 }
            if continues { continuing += 1 }
          }
        }
      }
    }
    #expect(wrong == [])
    #expect(startingOver >= 30, "steps that start over: \(startingOver)")
    #expect(continuing == 2, "steps marked continues: \(continuing)")
  }

  /// A long ring step is summarised by its own events: the set-up shown on the first frame does not count towards
  /// the events it plays before jumping to its end, and the notice counts the step's own events.
  @Test func aLongStepPlaysItsOwnFirstEventsAfterItsSetUp() throws {
    let lesson = try #require(Self.lessons.first { $0.id == "indirect-descriptors" })
    let found = lesson.steps.indices.first { index in
      var s = TutorState(lessons: Self.lessons, lessonID: lesson.id, step: index, screen: Size(width: 120, height: 40))
      _ = s.arrive(animate: true)
      return !s.animatesFlow && s.startCursor > 0 && s.animationLength - s.startCursor > PlayState.summaryThreshold
    }
    let index = try #require(found, "a ring step with a set-up and more than \(PlayState.summaryThreshold) events of its own")
    var state = TutorState(lessons: Self.lessons, lessonID: lesson.id, step: index, screen: Size(width: 120, height: 40))
    _ = state.arrive(animate: true)
    let start = state.startCursor
    let own = state.animationLength - start
    var ticks = 0
    var highest = state.cursor
    while !state.isSettled && ticks < 100_000 {
      highest = max(highest, state.cursor)
      _ = TutorReducer.reduce(&state, .ticked)
      ticks += 1
    }
    #expect(state.isSettled)
    #expect(highest == start + PlayState.summaryPlayed)
    #expect(state.notice?.hasPrefix("played \(PlayState.summaryPlayed) of \(own) events, then the end") == true)
  }

  /// A step whose events are all set-up opens settled and does not invite the learner to play it.
  @Test func aStepThatIsAllSetUpDoesNotSayThatSPlaysIt() throws {
    var checked = 0
    for lesson in Self.lessons {
      for index in lesson.steps.indices {
        var state = TutorState(lessons: Self.lessons, lessonID: lesson.id, step: index, screen: Size(width: 120, height: 40))
        state.play.isPlaying = false
        _ = state.arrive(animate: true)
        guard !state.animatesFlow, !state.heldForExercise, state.animationLength > 0 else { continue }
        if state.startCursor == state.animationLength {
          checked += 1
          #expect(state.notice?.hasPrefix("paused: s plays") != true, "\(lesson.id) step \(index + 1)")
        } else {
          #expect(state.notice == "paused: s plays this step, e one event, S its end", "\(lesson.id) step \(index + 1)")
        }
      }
    }
    #expect(checked >= 2)
  }

  @Test func theChainOfThreeOpensOnAFreshRingBesideItsQuestion() throws {
    let lesson = try #require(Self.lessons.first { $0.id == "what-a-device-must-reject" })
    let index = try #require(lesson.steps.firstIndex { $0.title == "A chain of three" })
    var state = TutorState(lessons: Self.lessons, lessonID: lesson.id, step: index - 1, screen: Size(width: 80, height: 24))
    #expect(state.stepPlayback.after.lastError != nil)  // the previous step ends on a rejected chain
    _ = state.goToStep(index, animate: true)
    let frame = FrameBuilder.frame(for: state)
    #expect(frame.session.lastError == nil)
    #expect(frame.session.queue?.registers.status == [.acknowledge, .driver, .featuresOK, .driverOK])
    #expect(state.cursor == state.stepPlayback.setUpEvents && state.cursor > 0)
    #expect(!TutorView.render(state).text.contains("NEEDS_RESET"))
  }

  // MARK: - Fixture

  static let fixture = """
    ---
    title: Start
    id: start
    order: 1
    minutes: 1
    setup: queue size=4
    ---
    ## Break it

    ```virtio
    driver add out=16 indirect=never
    driver publish
    poke avail.ring[0]=7
    device pop
    expect error == head-out-of-range
    ```

    ## Start over

    ```virtio
    driver reset
    driver init
    driver add out=16 indirect=never
    driver publish
    ```

    ## Break it again

    ```virtio
    driver add out=16 indirect=never
    driver publish
    poke avail.ring[0]=7
    device pop
    expect error == head-out-of-range
    ```

    ## Recover

    ```virtio continues
    driver reset
    driver init
    ```
    """

  static func fixtureState() throws -> TutorState {
    let (lesson, diagnostics) = LessonParser.parse(text: fixture, file: "start.md")
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    return TutorState(lessons: [try #require(lesson)], lessonID: "start", step: 0)
  }

  @Test func aResetStepOpensAfterItsSetUpAndSteppingBackStopsThere() throws {
    var state = try Self.fixtureState()
    #expect(state.stepPlayback.after.lastError?.error.kind == .headOutOfRange)
    _ = TutorReducer.reduce(&state, .keyPressed(.right))
    let step = state.stepPlayback
    #expect(step.setUpCommands == 2 && step.setUpEvents == step.commands[0].events.count + step.commands[1].events.count)
    #expect(state.cursor == step.setUpEvents && state.phase == state.lastPhase && !state.isSettled)
    let first = FrameBuilder.frame(for: state)
    #expect(first.session.lastError == nil && first.session.queue == step.commands[1].after.queue)
    // The log has the set-up's events; the animation goes on with `driver add`.
    #expect(first.cursor == step.setUpEvents)
    _ = TutorReducer.reduce(&state, .keyPressed(.character("e")))
    #expect(state.cursor == step.setUpEvents + 1)
    _ = TutorReducer.reduce(&state, .keyPressed(.character("[")))
    _ = TutorReducer.reduce(&state, .keyPressed(.character("[")))
    #expect(state.cursor == step.setUpEvents && FrameBuilder.frame(for: state).session.lastError == nil)
    state.show(event: 0)
    #expect(state.cursor == step.setUpEvents)
    // `render --event N` up to the set-up's events: the step's first frame, settled (not the init mid-way).
    for count in [0, step.setUpEvents] {
      state.show(litEvent: count)
      #expect(state.cursor == step.setUpEvents && state.phase == state.lastPhase)
      #expect(FrameBuilder.frame(for: state).session.queue == step.commands[1].after.queue)
    }
    state.show(litEvent: step.setUpEvents + 1)
    #expect(state.cursor == step.setUpEvents + 1 && state.phase == state.lastPhase - 1)
  }

  @Test func aScriptThatContinuesOpensOnThePreviousEndAndPlaysItsReset() throws {
    var state = try Self.fixtureState()
    _ = state.goToStep(2, animate: false)
    _ = TutorReducer.reduce(&state, .keyPressed(.right))
    #expect(state.stepIndex == 3 && state.stepPlayback.setUpCommands == 0 && state.cursor == 0)
    #expect(FrameBuilder.frame(for: state).session.lastError?.error.kind == .headOutOfRange)
    state.settle()
    #expect(FrameBuilder.frame(for: state).session.lastError == nil)
  }

  @Test func theSandboxPlaysAResetItRuns() throws {
    var session = ScriptSession()
    try session.execute(try #require(ScriptParser(file: "t").parse("queue size=4").lines.first), file: "t")
    let reset = StepPlayback(
      scripts: [StepScript(source: "driver reset", position: SourcePosition(file: "sandbox", line: 1, column: 1), continues: true)],
      from: session)
    #expect(reset.setUpCommands == 0 && !reset.events.isEmpty)
    let plain = StepPlayback(
      scripts: [StepScript(source: "driver reset\ndriver init", position: SourcePosition(file: "t", line: 1, column: 1))], from: session)
    #expect(plain.setUpCommands == 2 && plain.setUpEvents == plain.events.count)
    // A reset followed by the status sequence written out is what its step teaches: it plays.
    let written = StepPlayback(
      scripts: [StepScript(source: "driver reset\ndriver status ACKNOWLEDGE", position: SourcePosition(file: "t", line: 1, column: 1))],
      from: session)
    #expect(written.setUpCommands == 0)
  }
}
