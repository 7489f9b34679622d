import TermGrid
import Testing
import VirtioCore

@testable import TutorUI

extension Panes {
  @Suite struct MemoryPaneTests {
    static func render(_ frame: VisualFrame, _ rect: Rect, capabilities: TerminalCapabilities = .full) -> CellGrid {
      PaneFixture.render(rect, context: PaneFixture.context(frame, capabilities: capabilities)) {
        MemoryPane().render(in: $0, into: &$1, context: $2)
      }
    }

    static let pushing = RingPaneTests.pushing

    @Test func golden80x24() {
      #expect(
        Self.render(Self.pushing, PaneFixture.small.visualPane).lines == [
          "┌─ guest memory ─────────────────────┐",
          "│used.ring[0].id = 0 @0x109c         │",
          "│0x01088 00 00 00 00  00 00 00 00    │",
          "│0x01090 00 00 00 00  00 00 00 00    │",
          "│0x01098 00 00 00 00  00 00 00 00    │",
          "│0x010a0 00 00 00 00  00 00 00 00    │",
          "│0x010a8 00 00 00 00  00 00 00 00    │",
          "│0x010b0 00 00 00 00  00 00 00 00    │",
          "│0x010b8 00 00 00 00  00 00 00 00    │",
          "│0x010c0 00 00 00 00  00 00 00 00    │",
          "└────────────────────────────────────┘",
        ])
    }

    @Test func golden120x40() {
      #expect(
        Self.render(Self.pushing, PaneFixture.large.visualPane).lines == [
          "┌─ guest memory ─────────────────────────────────────────────────┐",
          "│used.ring[0].id = 0                                             │",
          "│device write @0x109c, 4 bytes                                   │",
          "│0x01030 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x01040 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x01050 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x01060 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x01070 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x01080 00 00 02 00 00 00 02 00  00 00 00 00 00 00 00 00        │",
          "│0x01090 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x010a0 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x010b0 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x010c0 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x010d0 00 00 00 00 00 00 00 00  00 00 00 00 01 00 00 00        │",
          "│0x010e0 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x010f0 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x01100 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x01110 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x01120 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x01130 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x01140 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "│0x01150 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00        │",
          "└────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func theBytesOfTheAccessAreLit() {
      // used.ring[0].id is 4 bytes at 0x109c: 8 bytes a row at 36 columns, so they start the 4th byte column of
      // the 0x1098 row.
      let grid = Self.render(Self.pushing, PaneFixture.small.visualPane)
      let current = Theme.dark.style(.current)
      let lit = grid.cells.enumerated().filter { $0.element.style == current }.map { $0.offset }
      #expect(lit.count == "used.ring[0].id".count + 4 * 2)  // the caption's field name is lit too
      let row = grid.lines.firstIndex { $0.hasPrefix("│0x01098") }!
      let litInRow = (0..<grid.width).filter { grid[$0, row].style == current }
      #expect(litInRow.count == 8)
      var settled = Self.pushing
      settled.phase = VisualFrame.phases - 1
      let done = Self.render(settled, PaneFixture.small.visualPane)
      #expect((0..<done.width).filter { done[$0, row].style == Theme.dark.style(.changed) }.count == 8)
    }

    @Test func captionNamesTheRingFields() {
      // A descriptor write of 16 bytes would name four fields; the driver's first write names desc[0].addr.
      let step = PaneFixture.playback(step: "queue size=8\ndriver add out=64")
      let frame = PaneFixture.frame(step, cursor: PaneScenario.cursor(at: .descriptor(0, .addr), in: step), phase: 0)
      let grid = Self.render(frame, PaneFixture.small.visualPane)
      #expect(grid.lines[1].hasPrefix("│desc[0].addr = 0x2000 @0x1000"))
      #expect(
        MemoryPane.fieldNames(start: 0x1000, length: 16, layout: step.after.queue?.layout) == [
          "desc[0].addr", "desc[0].len", "desc[0].flags", "…",
        ])
      #expect(
        MemoryPane.fieldNames(start: 0x1000, length: 16, layout: step.after.queue?.layout, limit: 4) == [
          "desc[0].addr", "desc[0].len", "desc[0].flags", "desc[0].next",
        ])
    }

    @Test func bytesPerRowFollowTheWidth() {
      let wide = Self.render(Self.pushing, Rect(x: 0, y: 0, width: 80, height: 8))
      // 16 bytes and their text at 78 columns; 4 bytes at 22.
      #expect(PaneFixture.content(wide, row: 3).hasSuffix("00 00  ................"))
      #expect(PaneFixture.content(wide, row: 3).split(separator: " ").count == 1 + 16 + 1)
      let narrow = Self.render(Self.pushing, Rect(x: 0, y: 0, width: 24, height: 6))
      #expect(PaneFixture.content(narrow, row: 2).split(separator: " ").count == 1 + 4)
    }

    @Test func noMemorySaysSo() {
      let grid = Self.render(PaneFixture.empty, PaneFixture.small.visualPane)
      #expect(grid.lines[1].hasPrefix("│no guest memory yet"))
    }

    @Test func asciiCapabilitiesGiveOnlyASCII() {
      #expect(PaneFixture.isASCII(Self.render(Self.pushing, PaneFixture.large.visualPane, capabilities: .minimal)))
    }
  }
}
