import TermGrid
import Testing
import VirtioFlows

@testable import TutorUI

extension Panes {
  @Suite struct ComparePaneTests {
    static func render(_ frame: VisualFrame, _ rect: Rect, capabilities: TerminalCapabilities = .full) -> CellGrid {
      PaneFixture.render(rect, context: PaneFixture.context(frame, capabilities: capabilities)) {
        ComparePane().render(in: $0, into: &$1, context: $2)
      }
    }

    static let compared = PaneFixture.frame(PaneScenario.compare)

    @Test func golden80x24() {
      #expect(
        Self.render(Self.compared, PaneFixture.small.visualPane).lines == [
          "┌─ compare: TX 1 × 64 B ─────────────┐",
          "│          emulated assigned   virtio│",
          "│exits          132        2        2│",
          "│h-irq            1        1        1│",
          "│v-irq            1        1        1│",
          "│kicks            0        1        1│",
          "│cycles     657,000    3,750    3,750│",
          "│vs virtio     175×    1.00×    1.00×│",
          "│Cycles, µs: counts × assumed costs  │",
          "│at 3.0 GHz, not measurements.       │",
          "└────────────────────────────────────┘",
        ])
    }

    @Test func golden120x40() {
      #expect(
        Self.render(Self.compared, PaneFixture.large.visualPane).lines == [
          "┌─ compare: TX 1 × 64 B ─────────────────────────────────────────┐",
          "│                          emulated      assigned        virtio  │",
          "│VM exits                       132             2             2  │",
          "│  heavy (user space)           131             0             0  │",
          "│  light (kernel)                 0             0             1  │",
          "│  interrupt/EOI                  1             2             1  │",
          "│host interrupts                  1             1             1  │",
          "│guest interrupts                 1             1             1  │",
          "│DMA                              1             1             1  │",
          "│kicks                            0             1             1  │",
          "│cycles                     657,000         3,750         3,750  │",
          "│µs                           219.0          1.25          1.25  │",
          "│cycles vs virtio              175×         1.00×         1.00×  │",
          "│Caveat: the cost figures come from different CPUs, years and    │",
          "│measurement styles (hardware transition vs full handler vs      │",
          "│end-to-end latency); nested-guest numbers are used only as      │",
          "│ratios; the 3.0 GHz clock is an assumption. Counts come from    │",
          "│running the model; cycles and µs are counts × these parameters, │",
          "│not measurements.                                               │",
          "│                                                                │",
          "│                                                                │",
          "│                                                                │",
          "└────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func figuresComeFromTheRuns() {
      let runs = Self.compared.compareRuns
      #expect(runs.map(\.flow) == [.emulated, .assigned, .virtio])
      let grid = Self.render(Self.compared, PaneFixture.large.visualPane)
      let exits = PaneFixture.content(grid, row: 2).split(separator: " ").suffix(3).map(String.init)
      #expect(exits == runs.map { NumberFormat.grouped($0.totals.exits) })
      let virtio = Double(runs[2].totals.cycles)
      let ratio = NumberFormat.ratio(Double(runs[0].totals.cycles) / virtio)
      #expect(grid.lines.contains { $0.contains("cycles vs virtio") && $0.contains(ratio) })
    }

    @Test func theCaveatIsWholeAndNamesTheModelsClock() throws {
      // 80×24: the short caveat, whole (rows give way to it), never cut with "…".
      let grid = Self.render(Self.compared, PaneFixture.small.visualPane)
      #expect(grid.text.contains("not measurements.") && !grid.text.contains("…"))
      let tall = Self.render(Self.compared, PaneFixture.large.visualPane)
      #expect(tall.text.contains("the 3.0 GHz clock is an assumption"))
      // clock-ghz=2: the caveat says 2.0 GHz, not a fixed 3.0.
      let slow = PaneFixture.frame(PaneFixture.playback(step: "flow compare bytes=64 clock-ghz=2"))
      let two = Self.render(slow, PaneFixture.large.visualPane)
      #expect(two.text.contains("the 2.0 GHz clock") && !two.text.contains("3.0 GHz"))
      #expect(Self.render(slow, PaneFixture.small.visualPane).text.contains("2.0 GHz"))
    }

    @Test func hostAndGuestInterruptsAreSeparateRows() {
      let grid = Self.render(Self.compared, PaneFixture.large.visualPane)
      #expect(!grid.text.contains("│interrupts"))
      let runs = Self.compared.compareRuns
      let host = grid.lines.first { $0.contains("host interrupts") }!.split(separator: " ").suffix(4).dropLast().map(String.init)
      #expect(host == runs.map { String($0.totals.hostInterrupts) })
    }

    @Test func withoutRunsSaysSo() {
      #expect(
        Self.render(PaneFixture.empty, PaneFixture.small.visualPane).lines[1].hasPrefix("│no comparison in this step"))
    }

    @Test func asciiCapabilitiesGiveOnlyASCII() {
      let grid = Self.render(Self.compared, PaneFixture.small.visualPane, capabilities: .minimal)
      #expect(PaneFixture.isASCII(grid))
      #expect(grid.lines[7].hasSuffix("x    1.00x    1.00x|"))
      #expect(grid.lines[8].hasPrefix("|Cycles, us: "))
    }
  }
}
