import TermGrid
import Testing

@testable import TutorUI

/// `virtio-tutor render --event N` (``TutorState/show(litEvent:)``): the Nth event is still "now", as the tutor
/// shows it while the event animates, not the settled frame where nothing is "now".
@Suite struct RenderEventTests {
  @Test func theEventShownIsNow() {
    var state = AppFixtures.state(step: 1, size: Size(width: 120, height: 40))
    #expect(state.animationLength > 1)
    state.show(litEvent: 2)
    #expect(state.cursor == 2)
    #expect(!FrameBuilder.frame(for: state).isSettled)
    var settled = state
    settled.show(event: 2)
    #expect(FrameBuilder.frame(for: settled).isSettled)
    // The same event, lit: the screen differs from the settled one only in styles and marks, and has a "now" cell.
    let now = TutorView.render(state)
    let driver = PictureContext(theme: state.theme, capabilities: state.capabilities).now(.driver)
    let device = PictureContext(theme: state.theme, capabilities: state.capabilities).now(.device)
    let lit = (0..<now.height).flatMap { y in (0..<now.width).map { now[$0, y].style } }.filter { $0 == driver || $0 == device }
    #expect(!lit.isEmpty)
    // No events: the step's start, as before.
    state.show(litEvent: 0)
    #expect(state.cursor == 0 && state.phase == 0)
  }
}
