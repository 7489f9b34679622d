import TermGrid
import Testing

@testable import TutorUI

extension Panes {
  @Suite struct CountersPaneTests {
    static func render(_ frame: VisualFrame, _ rect: Rect, capabilities: TerminalCapabilities = .full) -> CellGrid {
      PaneFixture.render(rect, context: PaneFixture.context(frame, capabilities: capabilities)) {
        CountersPane().render(in: $0, into: &$1, context: $2)
      }
    }

    static let flow = PaneFixture.flowFrame(PaneScenario.emulated, flowCursor: 3, phase: 1)

    @Test func golden80x24Ring() {
      #expect(
        Self.render(RingPaneTests.pushing, PaneFixture.small.countersPane).lines == [
          "┌─────exits─irq─kick─DMA─cycles────µs┐",
          "│step     —   0    0   —      —     —│",
          "│total    —   0    0   —      —     —│",
          "└────────────────────────────────────┘",
        ])
    }

    @Test func golden120x40Ring() {
      #expect(
        Self.render(RingPaneTests.pushing, PaneFixture.large.countersPane).lines == [
          "┌─ counters ──exits─irq─no-irq─kick─no-kick─DMA────cycles──────µs┐",
          "│step             —   0      0    0       0   —         —       —│",
          "│total            —   0      0    0       0   —         —       —│",
          "└────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func golden80x24Flow() {
      #expect(
        Self.render(Self.flow, PaneFixture.small.countersPane).lines == [
          "┌─────exits─irq─kick─DMA─cycles────µs┐",
          "│step     2   0    0   0 10,000  3.33│",
          "│total    2   0    0   0 10,000  3.33│",
          "└────────────────────────────────────┘",
        ])
    }

    @Test func golden120x40Flow() {
      #expect(
        Self.render(Self.flow, PaneFixture.large.countersPane).lines == [
          "┌─ counters ──exits─irq─no-irq─kick─no-kick─DMA────cycles──────µs┐",
          "│step             2   0      0    0       0   0    10,000    3.33│",
          "│total            2   0      0    0       0   0    10,000    3.33│",
          "└────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func suppressedNotificationsWhenThereIsRoomAndDashesForWhatIsNotModelled() {
      var frame = PaneFixture.empty
      var step = CounterSet()
      step.kicks = 1
      step.kicksSuppressed = 3
      step.interrupts = 2
      step.interruptsSuppressed = 4
      frame.stepCounters = step
      var total = step
      total.exits = 12_345
      total.cycles = 61_725_000
      total.micros = 20_575
      total.dma = 7
      frame.totalCounters = total
      let wide = Self.render(frame, PaneFixture.large.countersPane)
      #expect(wide.lines[1] == "│step             —   2      4    1       3   —         —       —│")
      #expect(wide.lines[2] == "│total       12,345   2      4    1       3   7     61.7M  20,575│")
      let narrow = Self.render(frame, PaneFixture.small.countersPane)
      #expect(narrow.lines[0] == "┌─────exits─irq─kick─DMA─cycles────µs┐")
      #expect(narrow.lines[2] == "│total  12k   2    1   7  61.7M 20.6k│")
    }

    @Test func aTallerPaneHasItsHeadingsInside() {
      let grid = Self.render(Self.flow, Rect(x: 0, y: 0, width: 40, height: 5))
      #expect(grid.lines[0].hasPrefix("┌─ counters "))
      #expect(grid.lines[1] == "│     exits irq kick DMA   cycles    µs│")
      #expect(grid.lines[2] == "│step     2   0    0   0   10,000  3.33│")
    }

    @Test func asciiCapabilitiesGiveOnlyASCII() {
      let grid = Self.render(RingPaneTests.pushing, PaneFixture.small.countersPane, capabilities: .minimal)
      #expect(PaneFixture.isASCII(grid))
      #expect(grid.lines[0] == "+-----exits-irq-kick-DMA-cycles----us+")
      #expect(grid.lines[1] == "|step     -   0    0   -      -     -|")
    }
  }
}
