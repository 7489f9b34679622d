import TermGrid
import Testing
import VirtioCore

@testable import TutorUI

extension Panes {
  @Suite struct EventLogPaneTests {
    static func render(
      _ frame: VisualFrame, _ rect: Rect, source: EventLogPane.Source = .automatic,
      capabilities: TerminalCapabilities = .full
    ) -> CellGrid {
      PaneFixture.render(rect, context: PaneFixture.context(frame, capabilities: capabilities)) {
        EventLogPane(source: source).render(in: $0, into: &$1, context: $2)
      }
    }

    @Test func golden80x24() {
      #expect(
        Self.render(RingPaneTests.pushing, PaneFixture.small.eventLogPane).lines == [
          "┌─ events 16/23 ─────────────────────┐",
          "│device write: used.ring[0].id = 0   │",
          "│↑ 14 earlier                        │",
          "│dev write device writes 200 bytes at│",
          "│    0x2040                          │",
          "│dev write used.ring[0].id = 0       │",
          "└────────────────────────────────────┘",
        ])
    }

    @Test func golden120x40() {
      #expect(
        Self.render(RingPaneTests.pushing, PaneFixture.large.eventLogPane).lines == [
          "┌─ events 16/23 ─────────────────────────────────────────────────┐",
          "│device write: used.ring[0].id = 0                               │",
          "│dev read         desc[1].addr → 0x2040                          │",
          "│dev read         desc[1].len → 512                              │",
          "│dev read         desc[1].flags → WRITE                          │",
          "│dev read         desc[1].next → 0                               │",
          "│dev chain-popped took chain 0: 2 buffer(s), 64 bytes readable,  │",
          "│                 512 writable                                   │",
          "│dev write        device writes 200 bytes at 0x2040              │",
          "│dev write        used.ring[0].id = 0                            │",
          "└────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func golden80x24Flow() {
      #expect(
        Self.render(CountersPaneTests.flow, PaneFixture.small.eventLogPane).lines == [
          "┌─ flow steps 3/12 ──────────────────┐",
          "│3/12 guest driver: The driver writes│",
          "│byte 1 of 2 to the TX register.     │",
          "│↑ 2 earlier                         │",
          "│driver  The driver writes byte 1 of │",
          "│        2 to the TX register.       │",
          "└────────────────────────────────────┘",
        ])
    }

    @Test func golden120x40Flow() {
      #expect(
        Self.render(CountersPaneTests.flow, PaneFixture.large.eventLogPane).lines == [
          "┌─ flow steps 3/12 ──────────────────────────────────────────────┐",
          "│3/12 guest driver: The driver writes byte 1 of 2 to the TX      │",
          "│register.                                                       │",
          "│app     The application sends a 2-byte packet; the guest kernel │",
          "│        hands it to the NIC driver.                             │",
          "│driver  The driver polls the NIC's status register              │",
          "│        (nic_poll_ready).                                       │",
          "│driver  The driver writes byte 1 of 2 to the TX register.       │",
          "│                                                                │",
          "│                                                                │",
          "└────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func theCurrentEntryIsHighlightedAtTheBottomAndRolesAreWordsInTheirStyle() {
      let frame = RingPaneTests.pushing
      let grid = Self.render(frame, PaneFixture.small.eventLogPane)
      let current = Theme.dark.style(.current)
      let bottom = grid.size.height - 2
      #expect((1..<grid.width - 1).allSatisfy { grid[$0, bottom].style == current })
      #expect(grid.lines[bottom].contains(frame.current!.detail))
      // The caption first, whole, in bold; then how many entries are above, dim; then the entries, whole.
      #expect(grid.lines[1].hasPrefix("│device write: used.ring[0].id = 0"))
      #expect(grid[1, 1].style == Theme.dark.style(.strong))
      #expect(grid.lines[2].hasPrefix("│↑ 14 earlier "))
      #expect(grid[1, 2].style == Theme.dark.style(.dim))
      #expect(grid.lines[3].hasPrefix("│dev "))
      #expect(grid[1, 3].style == Theme.dark.style(.device))
      // Scrolling back to the start shows the first entries, the driver's in its own style.
      let step = PaneFixture.playback(step: "queue size=4\ndriver add out=8")
      let start = PaneFixture.frame(step, cursor: 1, phase: 0)
      let first = Self.render(start, PaneFixture.small.eventLogPane)
      #expect(first.lines[0].contains("events 1/"))
      #expect(first.lines[1].contains(step.events[0].detail.prefix(10)))  // the caption
      #expect(first.lines.dropFirst(3).contains { $0.hasPrefix("│drv ") && $0.contains(step.events[0].detail.prefix(10)) })
      let added = PaneFixture.frame(step, cursor: PaneScenario.cursor(at: .descriptor(0, .addr), in: step), phase: 0)
      let row = Self.render(added, PaneFixture.small.eventLogPane)
      #expect(row.lines[bottom].hasPrefix("│drv write desc[0].addr = 0x"))
      #expect(row[1, bottom].style == current)
      #expect(row.lines[bottom - 2].hasPrefix("│drv write driver fills a 8-byte"))
      #expect(row[1, bottom - 2].style == Theme.dark.style(.driver))
    }

    /// Every earlier entry shown is whole, wrapped under its kind (or under the detail column when the kinds are
    /// aligned); none ends in `…`, at any cursor of the step, at 80×24 and 120×40.
    @Test func earlierEntriesAreWholeAtEveryCursor() {
      let step = PaneScenario.ring
      for rect in [PaneFixture.small.eventLogPane, PaneFixture.large.eventLogPane] {
        for cursor in 1...step.events.count {
          let grid = Self.render(PaneFixture.frame(step, cursor: cursor, phase: 0), rect)
          // The current entry (highlighted) is cut only when taller than the whole box: the caption has it whole.
          let current = Theme.dark.style(.current)
          let rows = (1..<grid.size.height - 1).filter { grid[1, $0].style != current }.map { PaneFixture.content(grid, row: $0) }
          #expect(!rows.contains { $0.hasSuffix("…") }, "cursor \(cursor): \(rows)")
          // A continuation line never starts under the role (`dev `).
          for row in rows where row.hasPrefix(" ") && !row.allSatisfy({ $0 == " " }) {
            #expect(row.hasPrefix("    "), "\(row)")
          }
        }
      }
    }

    @Test func nothingYetAndProblems() {
      let none = Self.render(PaneFixture.frame(PaneScenario.ring, cursor: 0, phase: 0), PaneFixture.small.eventLogPane)
      #expect(none.lines[1].hasPrefix("│nothing yet"))
      let failing = PaneFixture.playback(step: "queue size=4\ndevice frobnicate")
      let frame = PaneFixture.frame(failing)
      #expect(frame.problem != nil)
      let grid = Self.render(frame, PaneFixture.small.eventLogPane)
      #expect(grid.lines.contains { $0.hasPrefix("│! test.md:2:") })
    }

    @Test func traceSourceIgnoresTheFlow() {
      let grid = Self.render(CountersPaneTests.flow, PaneFixture.small.eventLogPane, source: .trace)
      #expect(grid.lines[0].hasPrefix("┌─ events"))
    }

    @Test func asciiCapabilitiesGiveOnlyASCII() {
      for frame in [RingPaneTests.pushing, CountersPaneTests.flow] {
        #expect(PaneFixture.isASCII(Self.render(frame, PaneFixture.large.eventLogPane, capabilities: .minimal)))
      }
    }
  }
}
