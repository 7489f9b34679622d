import TermGrid
import Testing
import VirtioFlows

@testable import TutorUI

extension Panes {
  @Suite struct CountersPaneTests {
    static func render(_ frame: VisualFrame, _ rect: Rect, capabilities: TerminalCapabilities = .full) -> CellGrid {
      PaneFixture.render(rect, context: PaneFixture.context(frame, capabilities: capabilities)) {
        CountersPane().render(in: $0, into: &$1, context: $2)
      }
    }

    static let flow = PaneFixture.flowFrame(PaneScenario.emulated, flowCursor: 3, phase: 1)

    /// A step that runs two flows and drives the queue: three runs, three rows, never added together.
    static let threeRuns = PaneFixture.frame(
      PaneFixture.playback(
        setup: "queue size=8",
        step: """
          flow emulated bytes=4
          flow virtio bytes=64 ioeventfd=off
          driver add out=64
          driver publish
          driver kick
          device pop
          device push len=0
          device interrupt
          """))

    /// A queue made in the step and one kick: the queue's own row.
    static let kicked = PaneFixture.frame(PaneFixture.playback(step: "queue size=8\ndriver add out=64\ndriver publish\ndriver kick"))

    @Test func golden80x24Ring() {
      #expect(
        Self.render(Self.kicked, PaneFixture.small.countersPane).lines == [
          "┌───────exits─light─kick─cycles────µs┐",
          "│queue      1     1    1  1,750  0.58│",
          "│                                    │",
          "└────────────────────────────────────┘",
        ])
    }

    @Test func golden120x40Ring() {
      #expect(
        Self.render(Self.kicked, PaneFixture.large.countersPane).lines == [
          "┌─ counters ────────────────────exits─light─kick─DMA─cycles────µs┐",
          "│queue (PCI, ioeventfd, MSI-X)      1     1    1   0  1,750  0.58│",
          "│                                                                │",
          "└────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func golden80x24Flow() {
      #expect(
        Self.render(Self.flow, PaneFixture.small.countersPane).lines == [
          "┌─ counters ───exits─heavy─DMA─cycles┐",
          "│emulated 2 B      2     2   0 10,000│",
          "│                                    │",
          "└────────────────────────────────────┘",
        ])
    }

    @Test func golden120x40Flow() {
      #expect(
        Self.render(Self.flow, PaneFixture.large.countersPane).lines == [
          "┌─ counters ───exits─heavy─light─irq-x─v-irq─h-irq───cycles────µs┐",
          "│emulated 2 B      2     2     0     0     0     0   10,000  3.33│",
          "│                                                                │",
          "└────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func eachRunItsOwnLabelledRow() {
      #expect(Self.threeRuns.counterRows.map(\.label) == ["emulated 4 B", "virtio 64 B no ioeventfd", "queue (PCI, ioeventfd, MSI-X)"])
      #expect(Self.threeRuns.counterRows.map(\.totals.exits) == [12, 2, 2])
      let tall = Self.render(Self.threeRuns, Rect(x: 0, y: 0, width: 100, height: 6))
      #expect(tall.lines == [
        "┌─ counters ────────────────────exits─heavy─light─irq-x─v-irq─h-irq─kick─no-kick─DMA───cycles────µs┐",
        "│emulated 4 B                      12    11     0     1     1     1    0       0   1   57,000  19.0│",
        "│virtio 64 B no ioeventfd           2     1     0     1     1     1    1       0   1    7,000  2.33│",
        "│queue (PCI, ioeventfd, MSI-X)      2     0     1     1     1     0    1       0   0    3,750  1.25│",
        "│                                                                                                  │",
        "└──────────────────────────────────────────────────────────────────────────────────────────────────┘",
      ])
      // The layout's pane has room for two rows: the latest runs, their labels whole (fewer columns rather than cut).
      let small = Self.render(Self.threeRuns, PaneFixture.small.countersPane)
      #expect(small.lines == [
        "┌─ counters ────────exits─heavy─light┐",
        "│virtio 64B sync        2     1     0│",
        "│queue                  2     0     1│",
        "└────────────────────────────────────┘",
      ])
    }

    /// Lesson 11's steps each kick once on a queue made earlier: each step's row counts its own kick, and the counts
    /// since the `queue` line appear (labelled so) only when the step's text pins one.
    @Test func aQueueRowCountsThisStepsKicksNotEarlierSteps() {
      let step = PaneFixture.playback(
        setup: "queue size=8\ndriver add out=64\ndriver publish\ndriver kick",
        step: "driver add out=64\ndriver publish\ndriver kick")
      let rows = FrameBuilder.counterRows(step, session: step.after, flowCursor: 0)
      #expect(rows.map(\.shortLabel) == ["this step"])
      #expect(rows.map(\.totals.kicks) == [1])
      let pinned = FrameBuilder.counterRows(step, session: step.after, flowCursor: 0, exerciseCheck: .counter("kicks"))
      #expect(pinned.map(\.shortLabel) == ["this step", "since queue"])
      #expect(pinned.map(\.totals.kicks) == [1, 2])
      #expect(pinned[1].pinned.contains(.kicks))
    }

    /// A step with two `queue` lines (lesson 9's never vs auto, lesson 10's both rings): a row for each queue,
    /// labelled with its line, each counting from its own `queue` line; the animation shows a queue's row once its
    /// `queue` line has played.
    @Test func eachQueueOfAStepHasItsOwnLabelledRow() {
      let step = PaneFixture.playback(
        step: """
          queue size=4 ioeventfd=off
          driver add out=16
          driver publish
          driver kick
          driver add out=16
          driver publish
          driver kick
          queue size=4 format=packed
          driver add out=16
          driver kick
          """)
      let rows = FrameBuilder.counterRows(step, session: step.after, flowCursor: 0)
      #expect(rows.map(\.shortLabel) == ["queue 1 ioeventfd=off", "queue 2 format=packed"])
      #expect(rows.map(\.label) == [
        "queue 1: size=4 ioeventfd=off (\(EngineTransport(ioeventfd: false).summary))",
        "queue 2: size=4 format=packed (\(EngineTransport().summary))",
      ])
      #expect(rows.map(\.totals.kicks) == [2, 1])
      #expect(rows.map(\.totals.userspaceExits) == [2, 0])
      #expect(rows.map(\.totals.kernelExits) == [0, 1])
      // Before the second `queue` line has played, only the first queue's row.
      let queues = step.commands.indices.filter { if case .queue = step.commands[$0].line.command { return true } else { return false } }
      #expect(queues.count == 2)
      let secondQueue = step.commands[..<queues[1]].reduce(0) { $0 + $1.events.count }
      let early = FrameBuilder.counterRows(step, session: step.after, flowCursor: 0, eventCursor: secondQueue)
      #expect(early.map(\.shortLabel) == ["queue"])
    }

    @Test func aKickIsAnExitUnderTheTransport() {
      let step = PaneFixture.playback(setup: "queue size=8\ndriver add out=64\ndriver publish", step: "driver kick")
      let session = step.after
      let light = FrameBuilder.counterRows(step, session: session, flowCursor: 0)
      #expect(light.map(\.totals.kernelExits) == [1])
      #expect(light.map(\.totals.userspaceExits) == [0])
      let heavy = FrameBuilder.counterRows(step, session: session, flowCursor: 0, transport: EngineTransport(ioeventfd: false))
      #expect(heavy.map(\.totals.userspaceExits) == [1])
      #expect(heavy.map(\.totals.kernelExits) == [0])
      #expect(heavy.map(\.totals.cycles) == [CostModel.default.userspaceExitCycles])
    }

    @Test func zerosAreDimAndCountsPlain() {
      let grid = Self.render(Self.kicked, PaneFixture.large.countersPane)
      let theme = Theme.dark
      #expect(PaneFixture.cells(of: "queue", in: grid, row: 1)?.allSatisfy { $0.style == theme.style(.dim) } == true)
      #expect(PaneFixture.cells(of: "exits", in: grid, row: 0)?.allSatisfy { $0.style == theme.style(.paneTitle) } == true)
      let x = PaneFixture.column(of: "light", in: grid, row: 0)! + 4
      #expect(grid[x, 1].character == "1")
      #expect(grid[x, 1].style == .plain)
    }

    @Test func aTallerPaneHasItsHeadingsInside() {
      let grid = Self.render(Self.flow, Rect(x: 0, y: 0, width: 40, height: 5))
      #expect(grid.lines[0].hasPrefix("┌─ counters "))
      #expect(grid.lines[1] == "│              exits heavy cycles    µs│")
      #expect(grid.lines[2] == "│emulated 2 B      2     2 10,000  3.33│")
    }

    @Test func asciiCapabilitiesGiveOnlyASCII() {
      let grid = Self.render(Self.kicked, PaneFixture.small.countersPane, capabilities: .minimal)
      #expect(PaneFixture.isASCII(grid))
      #expect(grid.lines[0] == "+-------exits-light-kick-cycles----us+")
    }

    @Test func noRowsDrawsAnEmptyBox() {
      let grid = Self.render(PaneFixture.empty, PaneFixture.small.countersPane)
      #expect(grid.lines.count == 4)
    }
  }
}
