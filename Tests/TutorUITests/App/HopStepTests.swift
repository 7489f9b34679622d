import TermGrid
import Testing
import VirtioLessons

@testable import TutorUI

/// `e` steps a flow hop by hop, `E`/`]` whole events, `[` back an event; a ring step's hop is its event.
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
    press(&state, .character("e"))
    #expect(state.cursor == 1 && state.phase == VisualFrame.phases - 1)
    press(&state, .character("e"), .character("E"))
    #expect(state.cursor == 3 && state.phase == VisualFrame.phases - 1)
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
