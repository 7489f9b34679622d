import TermGrid
import Testing
@testable import TutorUI

/// Seeded random keys, resizes (down to 0×0) and ticks over the shipped-style fixtures: the reducer and the view
/// never trap, and every rendered grid has the screen's size.
@Suite struct RandomInputTests {
  struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  static let keys: [Key] = [
    .right, .left, .up, .down, .pageUp, .pageDown, .home, .end, .enter, .backspace, .escape, .tab, .function(5),
    .character(" "), .character("s"), .character("e"), .character("E"), .character("["), .character("]"),
    .character("+"), .character("-"), .character("r"), .character("i"), .character("?"), .character("a"),
    .character("b"), .character("."), .character("j"), .character("k"), .character("g"), .character("G"),
    .character("1"), .character("x"), .character("|"),
  ]

  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func randomSessionsNeverTrap(seed: UInt64) {
    var rng = Generator(state: seed)
    var state = AppFixtures.state()
    for _ in 0..<600 {
      switch rng.next() % 10 {
      case 0:
        let size = Size(width: Int(rng.next() % 140), height: Int(rng.next() % 50))
        _ = TutorReducer.reduce(&state, .resized(size))
      case 1, 2:
        _ = TutorReducer.reduce(&state, .ticked)
      default:
        let key = Self.keys[Int(rng.next() % UInt64(Self.keys.count))]
        let effects = TutorReducer.reduce(&state, .keyPressed(key))
        #expect(!effects.contains(.quit))  // no random key here quits
      }
      let grid = TutorView.render(state)
      #expect(grid.size == state.screen)
      #expect(state.stepIndex >= 0 && state.stepIndex < state.lesson.steps.count)
      #expect(state.cursor >= 0 && state.cursor <= state.animationLength)
    }
  }
}
