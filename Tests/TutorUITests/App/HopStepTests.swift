import TermGrid
import TestSupport
import Testing
import VirtioLessons

@testable import TutorUI

/// `e` steps a flow hop by hop, `,` back a hop, `E`/`]` whole events, `[` back an event; a ring step's hop is its
/// event.
@Suite struct HopStepTests {
  static let lesson = """
    ---
    title: Hops
    id: hops
    order: 1
    ---
    ## One request

    <!-- view: flow -->

    ```virtio
    flow increment
    ```

    ## A ring step

    ```virtio
    queue size=8
    driver add out=16
    driver publish
    ```
    """

  func press(_ state: inout TutorState, _ keys: Key...) {
    for key in keys { _ = TutorReducer.reduce(&state, .keyPressed(key)) }
  }

  @Test func eStepsHopsAndCapitalEStepsEvents() throws {
    let lesson = try #require(LessonParser.parse(text: Self.lesson, file: "hops.md").0)
    var state = TutorState(lessons: [lesson], step: 0, screen: Size(width: 120, height: 40))
    press(&state, .character("r"), .character("s"))  // rewound, paused
    let steps = try #require(state.stepPlayback.flow).steps
    let kick = try #require(steps.firstIndex { $0.hops.count >= 3 })
    // `E` to the end of the event before the kick, then `e` hop by hop through it.
    for _ in 0..<kick { press(&state, .character("E")) }
    #expect(state.cursor == kick && state.isSettledUnit)
    for hop in 0..<steps[kick].hops.count {
      press(&state, .character("e"))
      #expect(state.cursor == kick + 1)
      #expect(state.phase == (hop + 1) * VisualFrame.phasesPerHop - 1)
      #expect(FrameBuilder.frame(for: state).phaseCount == VisualFrame.phases(forHops: steps[kick].hops.count))
    }
    #expect(state.phase == state.lastPhase)
    press(&state, .character("e"))  // past the last hop: the next event's first hop
    #expect(state.cursor == kick + 2 && state.phase == min(VisualFrame.phasesPerHop - 1, state.lastPhase))
    let next = steps[kick + 1].hops.count
    press(&state, .character("]"))  // the rest of that event (or, for a one-hop event, the whole next one)
    #expect(state.cursor == (next > 1 ? kick + 2 : kick + 3) && state.phase == state.lastPhase)
    press(&state, .character("["))
    #expect(state.cursor == (next > 1 ? kick + 1 : kick + 2) && state.phase == state.lastPhase)
    press(&state, .character("S"))
    #expect(state.isSettled)
  }

  @Test func onARingStepAHopIsAWholeEvent() throws {
    let lesson = try #require(LessonParser.parse(text: Self.lesson, file: "hops.md").0)
    var state = TutorState(lessons: [lesson], step: 1, screen: Size(width: 120, height: 40))
    press(&state, .character("r"), .character("s"))
    // The step's `queue` line is its set-up: the step starts after its events (StepStartTests).
    let start = state.stepPlayback.setUpEvents
    #expect(start > 0 && state.cursor == start)
    press(&state, .character("e"))
    #expect(state.cursor == start + 1 && state.phase == VisualFrame.phases - 1)
    press(&state, .character("e"), .character("E"))
    #expect(state.cursor == start + 3 && state.phase == VisualFrame.phases - 1)
  }

  /// Every frame `e` shows from the step's start to its end, as the screen's text and styles, with its position.
  func forwardFrames(_ state: inout TutorState) -> [(cursor: Int, phase: Int, screen: String)] {
    var frames = [(cursor: state.cursor, phase: state.phase, screen: GridSnapshot.render(TutorView.render(state)))]
    while !state.isSettled {
      press(&state, .character("e"))
      frames.append((state.cursor, state.phase, GridSnapshot.render(TutorView.render(state))))
    }
    return frames
  }

  /// `,` walks the hops back through exactly the frames `e` showed, screen for screen, to the step's start.
  @Test(arguments: [0, 1])
  func commaGoesBackThroughTheFramesEShowed(step: Int) throws {
    let lesson = try #require(LessonParser.parse(text: Self.lesson, file: "hops.md").0)
    var state = TutorState(lessons: [lesson], step: step, screen: Size(width: 120, height: 40))
    press(&state, .character("r"), .character("s"))
    let frames = forwardFrames(&state)
    // The ring step's `queue` line is its set-up, already played at the step's start (StepStartTests).
    let start = step == 0 ? 0 : state.stepPlayback.setUpEvents
    let units = step == 0 ? try #require(state.stepPlayback.flow).steps.map { max(1, $0.hops.count) }.reduce(0, +) : state.stepPlayback.events.count - start
    #expect(frames.count == units + 1)  // the start, then one frame per hop (a step without hops: one; a ring event: one)
    for expected in frames.reversed().dropFirst() {
      press(&state, .character(","))
      #expect(state.cursor == expected.cursor && state.phase == expected.phase)
      #expect(GridSnapshot.render(TutorView.render(state)) == expected.screen, "hop back to \(expected.cursor).\(expected.phase)")
      #expect(!state.play.isPlaying)
    }
    let startPhase = start == 0 ? 0 : state.lastPhase
    #expect(state.cursor == start && state.phase == startPhase)
    press(&state, .character(","))  // at the start it stays there
    #expect(state.cursor == start && state.phase == startPhase)
    // Forward again from the start: `e` after `,` shows the same frames.
    #expect(forwardFrames(&state).map(\.screen) == frames.map(\.screen))
  }

  /// Mid-way through a hop (playing, then paused), `,` goes to the last hop that had settled before it.
  @Test func commaMidHopGoesToTheLastSettledHop() throws {
    let lesson = try #require(LessonParser.parse(text: Self.lesson, file: "hops.md").0)
    var state = TutorState(lessons: [lesson], step: 0, screen: Size(width: 120, height: 40))
    let steps = try #require(state.stepPlayback.flow).steps
    let kick = try #require(steps.firstIndex { $0.hops.count >= 3 })
    press(&state, .character("r"), .character("s"))
    for _ in 0..<kick { press(&state, .character("E")) }
    press(&state, .character("e"), .character("e"))  // hop 1 of the kick settled
    state.phase = 2 * VisualFrame.phasesPerHop  // hop 2's first frame, as playback leaves it
    press(&state, .character(","))
    #expect(state.cursor == kick + 1 && state.phase == 2 * VisualFrame.phasesPerHop - 1)
    press(&state, .character(","), .character(","))  // hop 0, then the previous flow step's last hop
    #expect(state.cursor == kick && state.phase == state.lastPhase)
    state.cursor = kick + 1
    state.phase = 1  // the kick's first hop, still growing
    press(&state, .character(","))
    #expect(state.cursor == kick && state.phase == state.lastPhase)
  }

  /// The screen after `e e e ,` (the flow's second hop settled, the third gone again) at 80×24 and 120×40.
  @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
  func aHopBackMatchesGolden(size: Size) throws {
    let lesson = try #require(LessonParser.parse(text: Self.lesson, file: "hops.md").0)
    var state = TutorState(lessons: [lesson], step: 0, screen: size)
    press(&state, .character("r"), .character("s"), .character("e"), .character("e"), .character("e"), .character(","))
    #expect(state.cursor > 0 && state.phase % VisualFrame.phasesPerHop == VisualFrame.phasesPerHop - 1)
    try GridSnapshot.verify(TutorView.render(state), named: "hop-back-\(size.width)x\(size.height)")
  }

  @Test func playingGivesEachHopItsFrames() throws {
    let lesson = try #require(LessonParser.parse(text: Self.lesson, file: "hops.md").0)
    var state = TutorState(lessons: [lesson], step: 0, screen: Size(width: 120, height: 40))
    press(&state, .character("r"))
    var ticks = 0
    while state.nextTick != nil && ticks < 10_000 {
      _ = TutorReducer.reduce(&state, .ticked)
      ticks += 1
    }
    let steps = try #require(state.stepPlayback.flow).steps
    #expect(ticks == steps.map { VisualFrame.phases(forHops: $0.hops.count) }.reduce(0, +))
  }
}

extension TutorState {
  /// Whether the current unit's animation is at its last frame.
  var isSettledUnit: Bool { cursor == 0 || phase >= lastPhase }
}
