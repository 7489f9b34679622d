import TermGrid
import TestSupport
import Testing
import VirtioCore

@testable import TutorUI

extension Panes {
  /// The pictures for steps without a ring: the status byte, the feature bits, the PCI capabilities.
  @Suite struct DevicePicturesTests {
    static func render(_ frame: VisualFrame, _ size: Size, _ draw: (Rect, inout CellGrid, PaneContext) -> Void) -> CellGrid {
      PaneFixture.render(TutorLayout(size: size).visualPane, context: PaneFixture.context(frame), draw)
    }

    /// The driver writing DRIVER after ACKNOWLEDGE (bit 1 lit, bit 0 set earlier in the step).
    static let status: VisualFrame = {
      let step = PaneFixture.playback(
        setup: "queue size=4 features=event_idx init=manual", step: "driver status ACKNOWLEDGE\ndriver status DRIVER")
      let cursor = (step.events.lastIndex { $0.kind == .status } ?? 0) + 1
      return PaneFixture.frame(step, cursor: cursor, phase: 1)
    }()

    @Test(arguments: RingPictureGoldenTests.sizes)
    func goldens(_ size: Size) throws {
      try GridSnapshot.verify(
        Self.render(Self.status, size) { DeviceStatusPane().render(in: $0, into: &$1, context: $2) },
        named: "status-\(size.width)x\(size.height)")
      try GridSnapshot.verify(
        Self.render(PaneScenario.ring.frameAtEnd, size) { FeaturesPane().render(in: $0, into: &$1, context: $2) },
        named: "features-\(size.width)x\(size.height)")
      try GridSnapshot.verify(
        Self.render(PaneFixture.empty, size) { PciCapabilityPane().render(in: $0, into: &$1, context: $2) },
        named: "pci-\(size.width)x\(size.height)")
      try GridSnapshot.verify(
        Self.render(PaneFixture.empty, size) { TransportsPane().render(in: $0, into: &$1, context: $2) },
        named: "transports-\(size.width)x\(size.height)")
    }

    @Test func theStatusBitTheEventSetsIsNow() {
      let grid = Self.render(Self.status, Size(width: 120, height: 40)) { DeviceStatusPane().render(in: $0, into: &$1, context: $2) }
      #expect(grid.lines[1].contains("DRIVER 2 · ACKNOWLEDGE 1 = 3"))
      let now = PictureContext(theme: .dark, capabilities: .full).now(.driver)
      let row = grid.lines.firstIndex { $0.contains("2 DRIVER ") && !$0.contains("OK") }!
      #expect(grid.lines[row].contains("◆■ 1   2 DRIVER"))
      #expect(PaneFixture.cells(of: "■ 1   2 DRIVER", in: grid, row: row)!.allSatisfy { $0.style == now })
    }

    @Test func notifyAddressesFollowTheMultiplier() {
      let grid = Self.render(PaneFixture.empty, Size(width: 120, height: 40)) { PciCapabilityPane().render(in: $0, into: &$1, context: $2) }
      #expect(grid.lines.contains { $0.contains("queue 1: 0x3000 + 1 × 4 = 0x3004") })
      #expect(grid.lines.contains { $0.contains("2 notify ") && $0.contains("▶0x3000 notify") })
    }
  }
}

extension StepPlayback {
  /// The frame of the whole step played.
  var frameAtEnd: VisualFrame { PaneFixture.frame(self) }
}

/// The transports picture: three columns when wide, stacked when narrow, every row's facts whole (wrapped).
@Suite struct TransportsPaneTests {
  func render(_ size: Size, capabilities: TerminalCapabilities = .full) -> CellGrid {
    var grid = CellGrid(size: size)
    let context = PaneContext(frame: .blank, theme: .dark, capabilities: capabilities)
    TransportsPane().render(in: grid.bounds, into: &grid, context: context)
    return grid
  }

  @Test func wideIsThreeColumnsSideBySide() {
    let grid = render(Size(width: 110, height: 22))
    let heading = grid.lines[1]
    #expect(heading.contains("PCI §4.1 · the engine's") && heading.contains("MMIO §4.2") && heading.contains("channel I/O (CCW) §4.3"))
    #expect(grid.text.contains("0x74726976"))
    #expect(grid.text.contains("DIAGNOSE 0x500"))
    #expect(grid.text.contains("queue_notify_off ×"))
  }

  /// At 80×24 (a pane of 36 × 8 inside) each transport keeps its heading and its kick, whole: the three whole
  /// kicks need 11 rows, so they are said in fewer words (lesson 3's channel I/O step showed no CCW kick, `+4 rows`).
  @Test func at80x24EveryTransportKeepsItsKick() {
    var grid = CellGrid(size: Size(width: 38, height: 10))
    TransportsPane().render(in: grid.bounds, into: &grid, context: PaneContext(frame: .blank, theme: .dark, capabilities: .full))
    let rows = grid.lines.map { String($0.unicodeScalars.dropFirst().dropLast().map(Character.init)) }
    #expect(rows.filter { $0.hasPrefix("kick ") }.count == 3)
    #expect(rows[1].hasPrefix("PCI §4.1") && rows.contains { $0.hasPrefix("MMIO §4.2") } && rows.contains { $0.hasPrefix("channel I/O (CCW) §4.3") })
    #expect(grid.text.contains("DIAGNOSE 0x500, subcode 3:"))
    #expect(grid.text.contains("queue_notify_off × multiplier") && grid.text.contains("QueueNotify at 0x050"))
  }

  @Test func narrowIsStackedAndASCIIStaysASCII() {
    let grid = render(Size(width: 44, height: 60), capabilities: .minimal).adapted(to: .minimal)
    let text = grid.text
    for name in ["PCI", "MMIO", "channel I/O (CCW)"] { #expect(text.contains(name)) }
    #expect(text.contains("InterruptACK 0x064"))
    #expect(text.contains("queue_notify_off x"))
    #expect(grid.lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
  }
}
