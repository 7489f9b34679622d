import TermGrid
import TestSupport
import Testing
import VirtioCore

@testable import TutorUI

extension Panes {
  /// What points where when memory disagrees with the chain the driver built (the rejection lesson), and which rows a
  /// small pane keeps: the active chain whole, free descriptors in one row, the line from the slot the step read.
  @Suite struct RingLinkTests {
    static func render(_ step: StepPlayback, _ rect: Rect, cursor: Int? = nil) -> CellGrid {
      let frame = PaneFixture.frame(step, cursor: cursor)
      return PaneFixture.render(rect, context: PaneFixture.context(frame)) { RingPane().render(in: $0, into: &$1, context: $2) }
    }

    static func row(_ grid: CellGrid, startingWith prefix: String) -> String? {
      grid.lines.first { $0.contains(prefix) }
    }

    /// The cells in the error style, row by row.
    static func errorText(_ grid: CellGrid) -> [String] {
      RingPaneTests.text(in: grid, role: .error)
    }

    /// Lesson 11 step 7: desc[1] gets NEXT with next 0, a loop the device must refuse.
    static let loop = PaneFixture.playback(
      setup: "queue size=4", step: "driver add out=16,16 indirect=never\ndriver publish\npoke desc[1].flags=1")

    @Test func aLoopsBackEdgeIsDrawnInTheErrorStyle() throws {
      for (name, rect) in [("80x24", PaneFixture.small.visualPane), ("120x40", PaneFixture.large.visualPane)] {
        let grid = Self.render(Self.loop, rect)
        let zero = try #require(Self.row(grid, startingWith: "0 0x2000"))
        let one = try #require(Self.row(grid, startingWith: "1 0x2010"))
        // The bus joins 0 → 1; the back edge leaves desc[1] and enters desc[0]'s row with ◀.
        #expect(zero.contains("─┐◀┐"), "\(name): \(zero)")
        #expect(one.contains("◀┴─┘"), "\(name): \(one)")
        #expect(Self.errorText(grid).contains { $0.contains("◀┐") })
        try GridSnapshot.verify(grid, named: "ring-loop-\(name)")
      }
    }

    /// Lesson 11 step 2: desc[0].next = 9 on a queue of 4.
    static let outOfRange = PaneFixture.playback(
      setup: "queue size=4",
      step: "driver add out=16 in=16 indirect=never\ndriver publish\npoke desc[0].next=9")

    @Test func aNextPastTheTableIsMarkedAndLinksNothing() throws {
      for (name, rect) in [("80x24", PaneFixture.small.visualPane), ("120x40", PaneFixture.large.visualPane)] {
        let grid = Self.render(Self.outOfRange, rect)
        let zero = try #require(Self.row(grid, startingWith: "0 0x2000"))
        #expect(zero.contains("9!"), "\(name): \(zero)")
        #expect(Self.errorText(grid).contains("!"))
        // No NEXT bus from desc[0] to desc[1]: memory no longer links them.
        #expect(!zero.contains("─┐"), "\(name): \(zero)")
        try GridSnapshot.verify(grid, named: "ring-next-out-of-range-\(name)")
      }
    }

    /// Lesson 9 steps 4 and 6: two chains, each one INDIRECT descriptor with a 3-entry table, on a queue of 4.
    static let tables = PaneFixture.playback(
      setup: "queue size=4 features=indirect_desc\ndriver add out=16,4096 in=1",
      step: "driver add out=16 in=512,1")

    @Test func at80x24TheWindowFollowsTheActiveChainAndCollapsesFreeDescriptors() throws {
      let grid = Self.render(Self.tables, PaneFixture.small.visualPane)
      let lines = grid.lines
      let head = try #require(lines.firstIndex { $0.contains("1 0x3270") })
      // The active chain's descriptor, then its three entries, then the free run: nothing of it cut.
      #expect(lines[head + 1].contains("├0 0x3050"))
      #expect(lines[head + 2].contains("├1 0x3060"))
      #expect(lines[head + 3].contains("└2 0x3260"))
      #expect(lines[head + 4].contains("2–3 free"))
      // The previous chain's table does not hang from the "…" without its descriptor.
      #expect(!lines.contains { $0.contains("0x3010") })
      try GridSnapshot.verify(grid, named: "ring-active-chain-80x24")
      // One chain: the free descriptors are one row even though all four would fit.
      let first = Self.render(PaneFixture.playback(step: "queue size=4 features=indirect_desc\ndriver add out=16,4096 in=1"), PaneFixture.small.visualPane)
      #expect(first.lines.contains { $0.contains("1–3 free") })
      #expect(!first.lines.contains { $0.contains(" 2 0x0") })
    }

    /// Lesson 6 step 8: the device pops the chain in slot 0.
    @Test func theSlotToHeadLineStaysOnThePopStep() throws {
      let pop = PaneFixture.playback(
        setup: "queue size=8\ndriver add out=64 in=32\ndriver publish", step: "device pop")
      let large = Self.render(pop, PaneFixture.large.visualPane)
      #expect(large.lines.contains { $0.contains("└▶0 0x2000") })
      let small = Self.render(pop, PaneFixture.small.visualPane)
      #expect(small.lines.contains { $0.contains("0 0─▶0 0x2000") })
      try GridSnapshot.verify(large, named: "ring-pop-link-120x40")
    }
  }
}
