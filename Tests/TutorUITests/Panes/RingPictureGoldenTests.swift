import TermGrid
import TestSupport
import Testing
import VirtioCore

@testable import TutorUI

extension Panes {
  /// The ring pane's pictures at the three reference sizes, characters and styles (``GridSnapshot``): a split ring
  /// with a chain, an indirect table, a queue of 256, an index wrapped around the ring.
  @Suite struct RingPictureGoldenTests {
    /// The visual pane's box at 80×24, 120×40 and 200×60.
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    static func render(_ frame: VisualFrame, _ size: Size, capabilities: TerminalCapabilities = .full) -> CellGrid {
      let rect = TutorLayout(size: size).visualPane
      return PaneFixture.render(rect, context: PaneFixture.context(frame, capabilities: capabilities)) {
        RingPane().render(in: $0, into: &$1, context: $2)
      }
    }

    /// The device has popped chain 0 and is writing `used.ring[0].id` (lit); chain 2 is still available.
    static let chain = PaneFixture.frame(PaneScenario.ring, cursor: PaneScenario.cursor(at: .usedRingID(0)), phase: 1)

    /// A chain of three buffers in an indirect table, published; the device is reading the table's second entry.
    static let indirect: VisualFrame = {
      let step = PaneFixture.playback(
        setup: "queue size=8 features=indirect_desc\ndriver add out=16,64 in=512\ndriver add out=8\ndriver publish",
        step: "device pop")
      let events = step.events
      let cursor = (events.firstIndex { if case .indirect(_, 1, .len)? = $0.field { return true } else { return false } } ?? 0) + 1
      return PaneFixture.frame(step, cursor: cursor, phase: 1)
    }()

    /// 65 chains fill desc[0..<130]; this step's chain takes desc[130] and desc[131] (len of 131 lit).
    static let queue256: VisualFrame = {
      let adds = Array(repeating: "driver add out=8 in=8", count: 65).joined(separator: "\n")
      let step = PaneFixture.playback(
        setup: "queue size=256 features=event_idx\n" + adds + "\ndriver publish", step: "driver add out=16 in=16")
      return PaneFixture.frame(step, cursor: PaneScenario.cursor(at: .descriptor(131, .len), in: step), phase: 1)
    }()

    /// Five full rounds on a queue of 4, then two more chains: the free-running indices (7, 5) are past the ring's
    /// end, the slots they name wrapped (3, 1); the device is taking the one at slot 1 (`last_avail_idx` moves).
    static let wrapped: VisualFrame = {
      let round = "driver add out=8 in=32\ndriver publish\ndevice pop\ndevice push len=32\ndriver reclaim"
      let setup = "queue size=4 features=event_idx\n" + Array(repeating: round, count: 5).joined(separator: "\n")
        + "\ndriver add out=8 in=32\ndriver add out=4\ndriver publish"
      let step = PaneFixture.playback(setup: setup, step: "device pop\ndevice push len=20")
      let cursor = (step.events.firstIndex { $0.kind == .index && $0.role == .device } ?? 0) + 1
      return PaneFixture.frame(step, cursor: cursor, phase: 1)
    }()

    static let cases: [(String, VisualFrame)] = [
      ("chain", chain), ("indirect", indirect), ("queue256", queue256), ("wrapped", wrapped),
    ]

    @Test(arguments: ["chain", "indirect", "queue256", "wrapped"], sizes)
    func pictureMatchesGolden(_ name: String, _ size: Size) throws {
      let frame = Self.cases.first { $0.0 == name }!.1
      try GridSnapshot.verify(Self.render(frame, size), named: "ring-\(name)-\(size.width)x\(size.height)")
    }

    @Test(arguments: sizes)
    func asciiAndNoColorKeepEveryMark(_ size: Size) throws {
      let caps = TerminalCapabilities.minimal
      let grid = Self.render(Self.chain, size, capabilities: caps).adapted(to: caps)
      #expect(PaneFixture.isASCII(grid))
      try GridSnapshot.verify(grid, named: "ring-chain-ascii-\(size.width)x\(size.height)")
    }
  }
}
