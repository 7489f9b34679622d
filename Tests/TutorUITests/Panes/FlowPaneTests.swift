import TermGrid
import Testing
import VirtioCore
import VirtioFlows

@testable import TutorUI

extension Panes {
  @Suite struct FlowPaneTests {
    static func render(
      _ frame: VisualFrame, _ rect: Rect, theme: Theme = .dark, capabilities: TerminalCapabilities = .full
    ) -> CellGrid {
      PaneFixture.render(rect, context: PaneFixture.context(frame, theme: theme, capabilities: capabilities)) {
        FlowPane().render(in: $0, into: &$1, context: $2)
      }
    }

    /// Step 3 of the emulated NIC: the driver writes the first byte to the TX register, which traps.
    static func trap(phase: Int) -> VisualFrame {
      PaneFixture.flowFrame(PaneScenario.emulated, flowCursor: 3, phase: phase)
    }

    @Test func golden80x24() {
      #expect(
        Self.render(Self.trap(phase: 1), PaneFixture.small.visualPane).lines == [
          "┌─ flow: emulated · step 3/12 ───────┐",
          "│   [app]                            │",
          "│[driver]─┐                 [QEMU]   │",
          "│  [vCPU]─────VM exit──────▶[KVM]    │",
          "│                           [host]   │",
          "│                           [irqchip]│",
          "│[memory]                   [IOMMU]  │",
          "│                           [NIC]    │",
          "│… › VM exit › to QEMU › emulate › V…│",
          "│The driver writes byte 1 of 2 to th…│",
          "└────────────────────────────────────┘",
        ])
    }

    @Test func golden120x40() {
      #expect(
        Self.render(Self.trap(phase: 3), PaneFixture.large.visualPane).lines == [
          "┌─ flow: emulated · step 3/12 ───────────────────────────────────┐",
          "│guest                                         host              │",
          "│ [application]                                                  │",
          "│                                                                │",
          "│[guest driver]─┐                     emulate ↻[QEMU (VMM)]      │",
          "│               │                            │                   │",
          "│        [vCPU]◀───────────VM entry────────────[KVM (hypervisor)]│",
          "│                                                                │",
          "│                                              [host kernel]     │",
          "│                                                                │",
          "│                                              [irq controller]  │",
          "│                                                                │",
          "│[guest memory]                                [IOMMU]           │",
          "│                                                                │",
          "│                                              [physical NIC]    │",
          "│                                                                │",
          "│PIO › VM exit › to QEMU › emulate › VM entry                    │",
          "│KVM (hypervisor) → vCPU: QEMU calls KVM_RUN again; VM entry: th…│",
          "│The driver writes byte 1 of 2 to the TX register.               │",
          "│                                                                │",
          "│                                                                │",
          "│                                                                │",
          "└────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func theArrowTravelsWithThePhase() {
      // The arrow cells between the two columns grow phase by phase; the head glyph is always drawn.
      var previous = 0
      for phase in 0..<VisualFrame.phases {
        let grid = Self.render(Self.trap(phase: phase), PaneFixture.large.visualPane)
        let diagram = grid.lines[1...15].joined()
        let arrow = diagram.unicodeScalars.filter { "─│┌┐└┘▶◀▲▼↻".unicodeScalars.contains($0) }.count
        #expect(arrow >= previous, "phase \(phase)")
        previous = arrow
        #expect(diagram.unicodeScalars.contains { "▶◀▲▼".unicodeScalars.contains($0) })
      }
      let first = Self.render(Self.trap(phase: 0), PaneFixture.large.visualPane)
      #expect(first.lines[6].contains("[vCPU]───VM exit───▶"))
      let last = Self.render(Self.trap(phase: 3), PaneFixture.large.visualPane)
      #expect(last.lines[6].contains("[vCPU]◀"))
      #expect(last.lines[6].contains("VM entry"))
    }

    @Test func theActorIsShownInReverseAndTheRestDim() {
      let grid = Self.render(Self.trap(phase: 1), PaneFixture.small.visualPane, theme: .terminal)
      let row = grid.lines.firstIndex { $0.contains("[driver]") }!
      #expect(PaneFixture.cells(of: "[driver]", in: grid, row: row)!.allSatisfy { $0.style.reverse })
      let nic = grid.lines.firstIndex { $0.contains("[NIC]") }!
      #expect(PaneFixture.cells(of: "[NIC]", in: grid, row: nic)!.allSatisfy { $0.style.dim })
      // The vCPU and KVM take part in the step: bold, not dim.
      let vcpu = grid.lines.firstIndex { $0.contains("[vCPU]") }!
      #expect(PaneFixture.cells(of: "vCPU", in: grid, row: vcpu)!.allSatisfy { $0.style.bold && !$0.style.dim })
    }

    @Test func hopKindsAreListedWithTheHeadLit() {
      let grid = Self.render(Self.trap(phase: 3), PaneFixture.large.visualPane)
      #expect(grid.lines[16] == "│PIO › VM exit › to QEMU › emulate › VM entry                    │")
      #expect(
        PaneFixture.cells(of: "VM entry", in: grid, row: 16)!.allSatisfy { $0.style == Theme.dark.style(.changed) })
      #expect(PaneFixture.cells(of: "PIO", in: grid, row: 16)!.allSatisfy { $0.style == .plain })
      // While animating, the head is lit and the hops not reached yet are dim.
      let moving = Self.render(Self.trap(phase: 1), PaneFixture.large.visualPane)
      #expect(
        PaneFixture.cells(of: "VM exit", in: moving, row: 16)!.allSatisfy { $0.style == Theme.dark.style(.current) })
      #expect(PaneFixture.cells(of: "VM entry", in: moving, row: 16)!.allSatisfy { $0.style == Theme.dark.style(.dim) })
    }

    @Test func assignedDMAIsLabelled() {
      let step = PaneFixture.playback(step: "flow assigned bytes=64")
      let run = step.flow!
      let index = run.steps.firstIndex { $0.hops.contains { $0.kind == .dma } }!
      let grid = Self.render(PaneFixture.flowFrame(step, flowCursor: index + 1, phase: 3), PaneFixture.large.visualPane)
      #expect(grid.text.contains("DMA"))
      #expect(grid.lines[0].contains("flow: assigned"))
    }

    @Test func beforeTheFirstStepAndWithoutAFlow() {
      let start = Self.render(
        PaneFixture.flowFrame(PaneScenario.emulated, flowCursor: 0, phase: 0), PaneFixture.small.visualPane)
      #expect(start.lines[0].contains("step 0/12"))
      #expect(start.lines[8].hasPrefix("│emulated NIC (full virtualization):"))
      let none = Self.render(PaneFixture.empty, PaneFixture.small.visualPane)
      #expect(none.lines[1].hasPrefix("│no flow in this step"))
    }

    @Test func asciiCapabilitiesGiveOnlyASCII() {
      for phase in 0..<VisualFrame.phases {
        for rect in [PaneFixture.small.visualPane, PaneFixture.large.visualPane] {
          #expect(PaneFixture.isASCII(Self.render(Self.trap(phase: phase), rect, capabilities: .minimal)))
        }
      }
    }
  }
}
