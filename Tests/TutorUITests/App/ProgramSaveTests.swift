import TermGrid
import Testing
@testable import TutorUI

/// The run loop tells the learner when progress cannot be saved: the save's error shows in the status line.
@Suite struct ProgramSaveTests {
  @Test func aFailedSaveShowsInTheStatusLine() throws {
    var state = AppFixtures.state(step: 0, size: Size(width: 100, height: 30))
    var terminal = HeadlessTerminal(size: Size(width: 100, height: 30))
    terminal.queuedInput = [.key(.right), .key(.character("q"))]
    var saves = 0
    let exit = try TutorProgram.run(&state, on: &terminal, save: { _ in
      saves += 1
      return "cannot save progress to /x/progress.json: disk full"
    })
    #expect(exit == .quit)
    #expect(saves == 2)  // the step move, then quitting
    #expect(terminal.screen.text.contains("cannot save progress to /x/progress.json: disk full"))
    #expect(state.notice == "cannot save progress to /x/progress.json: disk full")
  }

  @Test func aSuccessfulSaveLeavesTheStatusLineAlone() throws {
    var state = AppFixtures.state(step: 0, size: Size(width: 100, height: 30))
    var terminal = HeadlessTerminal(size: Size(width: 100, height: 30))
    terminal.queuedInput = [.key(.right), .key(.character("q"))]
    _ = try TutorProgram.run(&state, on: &terminal, save: { _ in nil })
    #expect(state.notice == nil)
  }
}
