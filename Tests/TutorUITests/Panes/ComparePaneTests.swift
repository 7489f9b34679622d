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
          "│irqs             2        2        2│",
          "│DMA              1        1        1│",
          "│kicks            0        1        1│",
          "│cycles     657,000    3,750    3,750│",
          "│µs           219.0     1.25     1.25│",
          "│vs virtio     175×    1.00×    1.00×│",
          "│Caveat: the cost figures come from …│",
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
          "│interrupts                       2             2             2  │",
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
      #expect(grid.lines[11].contains(ratio))
    }

    @Test func theCaveatIsShownAndCutWithAnEllipsis() {
      let grid = Self.render(Self.compared, PaneFixture.small.visualPane)
      #expect(grid.lines[9].hasPrefix("│Caveat: the cost figures come from"))
      #expect(grid.lines[grid.size.height - 2].hasSuffix("…│"))
      let tall = Self.render(Self.compared, PaneFixture.large.visualPane)
      #expect(tall.text.contains("not measurements."))
    }

    @Test func withoutRunsSaysSo() {
      #expect(
        Self.render(PaneFixture.empty, PaneFixture.small.visualPane).lines[1].hasPrefix("│no comparison in this step"))
    }

    @Test func asciiCapabilitiesGiveOnlyASCII() {
      let grid = Self.render(Self.compared, PaneFixture.small.visualPane, capabilities: .minimal)
      #expect(PaneFixture.isASCII(grid))
      #expect(grid.lines[7].hasPrefix("|us "))
      #expect(grid.lines[8].hasSuffix("x    1.00x    1.00x|"))
    }
  }
}
