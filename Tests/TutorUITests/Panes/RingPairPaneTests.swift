import TermGrid
import TestSupport
import Testing
import VirtioCore

@testable import TutorUI

extension Panes {
  /// The split and the packed ring side by side (`view: pair`): the same request in both formats.
  @Suite struct RingPairPaneTests {
    static let bothRings: VisualFrame = {
      let request = "driver add out=16 in=512\ndriver publish"
      let step = PaneFixture.playback(
        step: "queue size=4\n" + request + "\nqueue size=4 format=packed\n" + request)
      return PaneFixture.frame(step)
    }()

    static func render(_ frame: VisualFrame, _ size: Size) -> CellGrid {
      PaneFixture.render(TutorLayout(size: size).visualPane, context: PaneFixture.context(frame)) {
        RingPairPane().render(in: $0, into: &$1, context: $2)
      }
    }

    @Test(arguments: RingPictureGoldenTests.sizes)
    func pictureMatchesGolden(_ size: Size) throws {
      try GridSnapshot.verify(Self.render(Self.bothRings, size), named: "pair-\(size.width)x\(size.height)")
    }

    @Test func bothFormatsShowTheSameChain() {
      let grid = Self.render(Self.bothRings, Size(width: 200, height: 60))
      let text = grid.lines.joined(separator: "\n")
      #expect(text.contains("split · the same requests") && text.contains("packed virtqueue · size 4"))
      // Split: desc[0] NEXT → desc[1] WRITE, published in avail.ring[0]; packed: slots 0 and 1 of the one ring.
      #expect(grid.lines.contains { $0.contains("0x2000") && $0.contains("16 N") && $0.contains("[R 16") })
      #expect(grid.lines.contains { $0.contains("avail") && $0.contains("idx 1") })
    }

    @Test func aNarrowPaneShowsThePackedRingAlone() {
      let grid = Self.render(Self.bothRings, Size(width: 80, height: 24))
      let text = grid.lines.joined(separator: "\n")
      #expect(!text.contains("split · the same requests") && text.contains("packed virtqueue"))
    }
  }
}
