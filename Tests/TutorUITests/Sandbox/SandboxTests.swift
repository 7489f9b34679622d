import TermGrid
import Testing
import VirtioLessons
import VirtioScript
@testable import TutorUI

/// The sandbox command line: commands → exact ring bytes through the lesson's own animation, inline errors,
/// completion, history, `:save` that replays exactly, leaving unchanged, and goal exercises checked by the engine.
@Suite struct SandboxTests {
  func press(_ state: inout TutorState, _ keys: Key...) -> [TutorEffect] {
    keys.flatMap { TutorReducer.reduce(&state, .keyPressed($0)) }
  }

  @discardableResult
  func enter(_ state: inout TutorState, _ command: String) -> [TutorEffect] {
    for c in command { _ = press(&state, .character(c)) }
    return press(&state, .enter)
  }

  func playToEnd(_ state: inout TutorState) {
    var n = 0
    while state.nextTick != nil && n < 10_000 {
      _ = TutorReducer.reduce(&state, .ticked)
      n += 1
    }
  }

  @Test func commandsWriteExactRingBytesAndAnimate() throws {
    var state = AppFixtures.state()  // ring-basics step 1: setup only (queue size=8 features=event_idx)
    _ = press(&state, .character("c"))
    let box = try #require(state.sandbox)
    #expect(box.prefix == ["queue size=8 features=event_idx"])
    enter(&state, "driver add out=64")
    #expect(state.sandbox?.executed == ["driver add out=64"])
    #expect(state.cursor == 0 && state.play.isPlaying && state.nextTick == .milliseconds(150))
    #expect(state.animationLength == state.sandbox?.playback.events.count && state.animationLength > 0)
    playToEnd(&state)
    enter(&state, "driver publish")
    playToEnd(&state)
    let memory = try #require(state.sandbox?.session.queue?.memory)
    // desc[0] at 0x1000: addr 0x2000 (le64), len 64 (le32), flags 0, next 0 (VIRTIO 1.x 2.7.5).
    #expect(try memory.read(at: 0x1000, count: 16) == [0x00, 0x20, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0])
    // avail ring at 0x1080: flags 0, idx 1, ring[0] = head 0.
    #expect(try memory.read(at: 0x1080, count: 6) == [0, 0, 1, 0, 0, 0])
    let frame = FrameBuilder.frame(for: state)
    #expect(try frame.queue?.value(of: .availIdx) == 1)
    #expect(TutorView.render(state).text.contains("sandbox> █"))
  }

  @Test func errorsShowInlineWithTheColumnAndChangeNothing() throws {
    var state = AppFixtures.state()
    _ = press(&state, .character("c"))
    enter(&state, "driver pubish")
    let error = try #require(state.sandbox?.error)
    #expect(error.column == 8 && error.message.contains("pubish"))
    #expect(state.sandbox?.executed == [])
    let lines = TutorView.render(state).lines
    let caret = try #require(lines.first { $0.contains("^ ") })
    #expect(caret.hasPrefix(String(repeating: " ", count: "sandbox> ".count + 7) + "^ "))
  }

  @Test func tabCompletesCommandsAndFieldNames() {
    #expect(SandboxCompletion.complete("dri") == ("driver ", []))
    #expect(SandboxCompletion.complete("driver pu") == ("driver publish ", []))
    #expect(SandboxCompletion.complete("device p") == ("device p", ["pop", "push"]))
    #expect(SandboxCompletion.complete("poke desc[0].n") == ("poke desc[0].next=", []))
    #expect(SandboxCompletion.complete("expect used.i") == ("expect used.idx ", []))
    #expect(SandboxCompletion.complete("zz").candidates.isEmpty)
    var state = AppFixtures.state()
    _ = press(&state, .character("c"), .character("d"), .character("e"), .character("v"), .tab, .character("p"), .tab)
    #expect(state.sandbox?.line == "device p" && state.sandbox?.candidates == ["pop", "push"])
    #expect(TutorView.render(state).text.contains("pop  push"))
  }

  @Test func historyBrowsesWhatWasEntered() {
    var state = AppFixtures.state()
    _ = press(&state, .character("c"))
    enter(&state, "driver add out=8")
    enter(&state, "driver publish")
    _ = press(&state, .up)
    #expect(state.sandbox?.line == "driver publish")
    _ = press(&state, .up, .up)
    #expect(state.sandbox?.line == "driver add out=8")
    _ = press(&state, .down, .down)
    #expect(state.sandbox?.line == "")
  }

  @Test func leavingReturnsToTheStepUnchanged() throws {
    var state = AppFixtures.state(step: 1)
    _ = press(&state, .right)  // step 3: held for its exercise
    let before = (state.stepIndex, state.cursor, state.phase, state.heldForExercise, state.notice)
    let memoryBefore = try FrameBuilder.frame(for: state).memory?.read(at: 0x1000, count: 0x3000)
    _ = press(&state, .character("c"))
    enter(&state, "driver add out=16")
    enter(&state, "poke desc[0].len=7")
    playToEnd(&state)
    _ = press(&state, .escape)
    #expect(state.sandbox == nil)
    #expect((state.stepIndex, state.cursor, state.phase, state.heldForExercise, state.notice) == before)
    #expect(try FrameBuilder.frame(for: state).memory?.read(at: 0x1000, count: 0x3000) == memoryBefore)
  }

  @Test func saveWritesAScriptThatReplaysExactly() throws {
    var state = AppFixtures.state(step: 1)
    _ = press(&state, .character("c"))
    enter(&state, "driver kick")
    enter(&state, "device pop")
    enter(&state, "poke used.flags=1")
    let effects = enter(&state, ":save /tmp/x.virtio")
    guard case .writeScript(let path, let contents)? = effects.first else {
      Issue.record("no writeScript effect: \(effects)")
      return
    }
    #expect(path == "/tmp/x.virtio")
    #expect(contents.hasPrefix("# virtio-tutor sandbox: ring-basics step 2\nqueue size=8 features=event_idx\n"))
    #expect(contents.hasSuffix("# sandbox\ndriver kick\ndevice pop\npoke used.flags=1\n"))
    var replay = ScriptSession()
    #expect(replay.run(try ScriptParser(file: "x.virtio").parse(contents)) == .completed)
    let sandbox = try #require(state.sandbox?.session.queue)
    #expect(replay.queue?.memory.bytes == sandbox.memory.bytes)
    #expect(replay.queue?.trace.entries.map(\.description) == sandbox.trace.entries.map(\.description))
  }

  @Test func aStepWithoutARingRefusesTheSandbox() {
    var state = AppFixtures.state(lesson: "three-ways")
    #expect(press(&state, .character("c")).isEmpty)
    #expect(state.sandbox == nil && state.notice == "the sandbox needs a ring step (this one shows flow)")
  }

  @Test func aGoalExerciseIsCheckedByTheEngine() throws {
    let text = """
      ---
      title: Goals
      id: goals
      setup: queue size=4
      ---
      ## Make a loop

      Make the device report a looped chain.

      ```exercise
      question: Make the device report looped-descriptor.
      goal: error == looped-descriptor
      explain: a chain that comes back to itself never ends.
      ```
      """
    let (lesson, diagnostics) = LessonParser.parse(text: text, file: "goals.md")
    #expect(diagnostics.filter(\.isError).isEmpty, "\(diagnostics)")
    var state = TutorState(lessons: [try #require(lesson)], screen: Size(width: 80, height: 24))
    #expect(!state.heldForExercise)
    _ = press(&state, .character("a"))
    #expect(TutorView.render(state).text.contains("Goal: expect error == looped-descriptor"))
    _ = press(&state, .character("c"))
    #expect(state.overlay == nil && state.sandbox != nil)
    for command in ["driver add out=8,8", "driver publish", "poke desc[1].flags=1", "poke desc[1].next=0"] {
      #expect(enter(&state, command).isEmpty)
    }
    #expect(state.progress.exercises["goals#1"] == nil)
    #expect(enter(&state, "device pop") == [.saveProgress])
    #expect(state.progress.exercises["goals#1"] == .init(attempts: 1, correct: true))
    #expect(state.notice == "goal reached: error == looped-descriptor. a chain that comes back to itself never ends.")
  }

  /// A goal exercise says how to act (the sandbox), not "press a to answer"; a reached goal's explanation is shown
  /// whole, wrapped above the prompt, at 120 columns too.
  @Test func aGoalSaysOpenTheSandboxAndItsExplanationIsWrappedWhole() throws {
    let explain = String(repeating: "a chain that comes back to itself never ends, so the device counts ", count: 3)
      + "and stops at the queue size."
    let text = """
      ---
      title: Goals
      id: goals
      setup: queue size=4
      ---
      ## Make a loop

      Make the device report a looped chain.

      ```exercise
      question: Make the device report looped-descriptor.
      goal: error == looped-descriptor
      explain: \(explain)
      ```
      """
    let (parsed, diagnostics) = LessonParser.parse(text: text, file: "goals.md")
    #expect(diagnostics.filter(\.isError).isEmpty, "\(diagnostics)")
    let lesson = try #require(parsed)
    var state = TutorState(lessons: [lesson], screen: Size(width: 120, height: 40))
    let before = TutorView.render(state).text
    #expect(before.contains("press c: try it in the sandbox"))
    #expect(!before.contains("press a to answer"))
    _ = press(&state, .character("c"))
    for command in ["driver add out=8,8", "driver publish", "poke desc[1].flags=1", "poke desc[1].next=0", "device pop"] {
      _ = enter(&state, command)
    }
    #expect(state.progress.exercises["goals#1"]?.correct == true)
    guard let notice = state.notice else {
      Issue.record("no notice")
      return
    }
    #expect(notice.hasSuffix("stops at the queue size."))
    #expect(notice.count > 118)
    let screen = TutorView.render(state).lines.map { String($0.dropFirst().reversed().drop { $0 == " " }.reversed()) }
    let wrapped = TextWrap.wrap(notice, width: 118)
    #expect(wrapped.count >= 2)
    #expect(screen.suffix(wrapped.count + 1).dropLast() == ArraySlice(wrapped))
  }

  @Test func aGoalThatIsNotAnExpectationIsALessonError() {
    let text = "---\ntitle: G\n---\n## A\nText.\n\n```exercise\nquestion: Q\ngoal: errror == x\n```\n"
    let (_, diagnostics) = LessonParser.parse(text: text, file: "g.md")
    #expect(diagnostics.contains { $0.description.hasPrefix("g.md:9:7: error: goal is not an expect expression: unknown quantity 'errror'") })
  }
}

/// `virtio-tutor sandbox --format packed`: the same command line on a packed queue, drawn by the ring pane.
@Suite struct PackedSandboxTests {
  @Test func aPackedSandboxWritesExactDescriptorBytesAndDrawsThePackedRing() throws {
    var state = TutorState(lessons: [SandboxLesson.make(size: 4, packed: true)], screen: Size(width: 120, height: 40))
    state.openSandboxNow()
    for command in ["driver add out=64", "driver publish"] {
      for c in command { _ = TutorReducer.reduce(&state, .keyPressed(.character(c))) }
      _ = TutorReducer.reduce(&state, .keyPressed(.enter))
      var n = 0
      while state.nextTick != nil && n < 10_000 {
        _ = TutorReducer.reduce(&state, .ticked)
        n += 1
      }
    }
    #expect(state.sandbox?.error == nil)
    #expect(state.sandbox?.executed == ["driver add out=64", "driver publish"])
    let queue = try #require(state.sandbox?.session.packedQueue)
    let desc0 = try queue.memory.read(at: queue.layout.descriptorRing, count: 16)
    // desc[0]: addr (le64), len 64 (le32), id 0, flags AVAIL (bit 7) with the driver's wrap counter 1, USED clear
    // (VIRTIO 1.2 §2.8.1): 0x0080.
    #expect(Array(desc0[8..<16]) == [0x40, 0, 0, 0, 0, 0, 0x80, 0x00])
    let screen = TutorView.render(state).text
    #expect(screen.contains("packed virtqueue"))
    #expect(state.sandbox?.script(header: "t").contains("queue size=4 format=packed") == true)
  }

  @Test func completionOffersThePackedFields() {
    #expect(SandboxCompletion.complete("poke driver_e", packed: true).line == "poke driver_event.")
    #expect(SandboxCompletion.complete("poke desc[0].i", packed: true).line == "poke desc[0].id=")
    #expect(SandboxCompletion.complete("poke desc[0].i").line == "poke desc[0].i")
  }
}
