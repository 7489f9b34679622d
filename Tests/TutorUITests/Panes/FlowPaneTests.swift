import TermGrid
import TestSupport
import Testing
import VirtioCore
import VirtioFlows

@testable import TutorUI

extension Panes {
  @Suite struct FlowPaneTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    static func render(
      _ frame: VisualFrame, _ rect: Rect, theme: Theme = .dark, capabilities: TerminalCapabilities = .full
    ) -> CellGrid {
      PaneFixture.render(rect, context: PaneFixture.context(frame, theme: theme, capabilities: capabilities)) {
        FlowPane().render(in: $0, into: &$1, context: $2)
      }
    }

    static func rect(_ size: Size) -> Rect { TutorLayout(size: size).visualPane }

    /// The last frame of a flow step: every hop of it drawn.
    static func settled(_ step: StepPlayback, at cursor: Int) -> VisualFrame {
      let hops = step.flow!.steps[cursor - 1].hops.count
      return PaneFixture.flowFrame(step, flowCursor: cursor, phase: VisualFrame.phases(forHops: hops) - 1)
    }

    /// Step 3 of the emulated NIC: the driver writes the first byte to the TX register, which traps (5 hops).
    static func trap(phase: Int) -> VisualFrame {
      PaneFixture.flowFrame(PaneScenario.emulated, flowCursor: 3, phase: phase)
    }

    /// Bettan's increment-edu request, settled on its last flow step: the whole path of the request as a trail.
    static let increment = PaneFixture.playback(step: "flow increment")
    /// virtio-net TX with ioeventfd and MSI-X: the kick wakes QEMU's main loop.
    static let virtio = PaneFixture.playback(step: "flow virtio packets=1")

    @Test(arguments: sizes)
    func aFlowWithItsTrailMatchesGolden(_ size: Size) throws {
      let end = Self.settled(Self.increment, at: Self.increment.flow!.steps.count)
      try GridSnapshot.verify(Self.render(end, Self.rect(size)), named: "flow-trail-increment-\(size.width)x\(size.height)")
      // The main loop's pop, mid-way through the run, its hop being drawn.
      let pop = Self.virtio.flow!.steps.firstIndex { $0.hops.contains { $0.kind == .memoryRead && $0.thread == .mainLoop } }!
      let frame = PaneFixture.flowFrame(Self.virtio, flowCursor: pop + 1, phase: 1)
      try GridSnapshot.verify(Self.render(frame, Self.rect(size)), named: "flow-trail-virtio-\(size.width)x\(size.height)")
    }

    /// virtio-blk with an `-object iothread`: the request's completion (the AIO's eventfd wakes the iothread, which
    /// pushes the request) with the path so far as a trail.
    static let blk = PaneFixture.playback(step: "flow blk")
    static var blkCompletion: Int { blk.flow!.steps.firstIndex { $0.hops.contains { $0.from == .hostKernel && $0.kind == .eventfdSignal } }! + 1 }

    @Test(arguments: sizes)
    func theIothreadFlowMatchesGolden(_ size: Size) throws {
      let frame = Self.settled(Self.blk, at: Self.blkCompletion)
      try GridSnapshot.verify(Self.render(frame, Self.rect(size)), named: "flow-iothread-\(size.width)x\(size.height)")
    }

    @Test func theIothreadIsAThirdQEMUBoxDrawnOnlyWhenAFlowUsesIt() {
      #expect(FlowNode.used(by: Self.blk.flow).contains(.qemu(.iothread)))
      #expect(!FlowNode.used(by: Self.blk.flow).contains(.qemu(.mainLoop)))
      for run in [Self.virtio.flow, Self.increment.flow, nil] { #expect(!FlowNode.used(by: run).contains(.qemu(.iothread))) }
      let blk = Self.render(Self.settled(Self.blk, at: Self.blkCompletion), PaneFixture.large.visualPane)
      let row = blk.lines.firstIndex { $0.contains("[QEMU iothread]") }
      #expect(row != nil && !blk.text.contains("main loop"))
      // The acting box is the iothread (reverse), and it sits above KVM on the host side.
      if let row {
        #expect(PaneFixture.cells(of: "[QEMU iothread]", in: blk, row: row)!.allSatisfy { $0.style == Theme.dark.style(.current) })
        #expect(blk.lines.firstIndex { $0.contains("[KVM (hypervisor)]") }! > row)
      }
      let mainLoop = Self.render(Self.settled(PaneFixture.playback(step: "flow blk iothread=off"), at: Self.blkCompletion), PaneFixture.large.visualPane).text
      #expect(mainLoop.contains("[QEMU main loop]") && !mainLoop.contains("iothread"))
      #expect(!Self.render(Self.settled(Self.virtio, at: 3), PaneFixture.large.visualPane).text.contains("iothread"))
    }

    @Test func eachHopGrowsOverItsOwnFramesThenStaysDimWithItsNumber() {
      let rect = PaneFixture.large.visualPane
      // Five hops, three frames each: the chain line lights hop phase / 3.
      let kinds = ["PIO", "VM exit", "to QEMU", "emulate", "VM entry"]
      for phase in 0..<15 {
        let grid = Self.render(Self.trap(phase: phase), rect)
        let row = grid.lines.firstIndex { $0.contains("› ") }!
        let head = phase / VisualFrame.phasesPerHop
        let lit = PaneFixture.cells(of: kinds[head], in: grid, row: row)!
        let style = phase == 14 ? Theme.dark.style(.changed) : Theme.dark.style(.current)
        #expect(lit.allSatisfy { $0.style == style }, "phase \(phase)")
        if head + 1 < kinds.count {
          #expect(PaneFixture.cells(of: kinds[head + 1], in: grid, row: row)!.allSatisfy { $0.style == Theme.dark.style(.dim) })
        }
      }
      // Settled: the chain is numbered from the lesson step's first hop (two earlier flow steps: 2 + 5 hops before).
      let end = Self.render(Self.trap(phase: 14), rect)
      let before = Self.trap(phase: 14).flow!.steps.prefix(2).reduce(0) { $0 + $1.hops.count }
      #expect(end.text.contains("\(before + 1) PIO › \(before + 2) VM exit"))
      // The exit and the entry share the vCPU–KVM row: both heads are drawn, and the exit's number (earlier, dim)
      // is on the picture next to its arrow.
      let row = end.lines.firstIndex { $0.contains("[vCPU]") }!
      #expect(end.lines[row].contains("◀") && end.lines[row].contains("▶"))
      let exitNumber = String(before + 2)
      let near = (row - 1...row + 1).compactMap { PaneFixture.cells(of: exitNumber, in: end, row: $0) }
      #expect(near.contains { $0.allSatisfy { $0.style == Theme.dark.style(.dim) } }, "\(end.lines[row - 1...row + 1])")
    }

    @Test func theStepsPathStaysAsATrailAcrossItsEvents() {
      let run = Self.increment.flow!
      let grid = Self.render(Self.settled(Self.increment, at: run.steps.count), PaneFixture.large.visualPane)
      let total = run.steps.reduce(0) { $0 + $1.hops.count }
      #expect(grid.text.contains("\(total) call"))  // the current hop, numbered in the whole step's path
      // The kick's exit (hop numbers from the first request) is still on the picture, dim.
      let diagram = grid.lines.prefix(10).joined(separator: "\n")
      let kickExit = run.steps.flatMap(\.hops).firstIndex { $0.kind == .vmExit }! + 1
      #expect(diagram.contains(String(kickExit)))
      #expect(diagram.contains("↻"))  // QEMU's emulation loops, numbered
    }

    @Test func boxesTheFlowDoesNotUseAreHiddenAndQEMUIsTwoThreads() {
      let increment = Self.render(
        Self.settled(Self.increment, at: Self.increment.flow!.steps.count), PaneFixture.large.visualPane
      ).text
      for absent in ["NIC", "IOMMU", "host kernel", "irq controller", "main loop"] {
        #expect(!increment.contains(absent), "\(absent)")
      }
      #expect(increment.contains("[QEMU vCPU thread]") && increment.contains("[KVM (hypervisor)]"))
      let virtio = Self.render(Self.settled(Self.virtio, at: 3), PaneFixture.large.visualPane).text
      #expect(virtio.contains("[QEMU main loop]"))
      #expect(!virtio.contains("vCPU thread"))  // MSI-X and ioeventfd: no heavyweight exit in this run
      #expect(virtio.contains("[physical NIC]") && !virtio.contains("IOMMU"))
    }

    /// What reaches the physical NIC is drawn into it: virtio's host NIC driver rings the doorbell (the frame's step,
    /// settled), and the assigned NIC's doorbell from the guest keeps its head while the NIC's wire hop, written in
    /// the gap beside the box, is current.
    @Test func theArrowIntoThePhysicalNICHasItsHead() {
      func nicRow(_ grid: CellGrid) -> String? { grid.lines.first { $0.contains("[physical NIC]") || $0.contains("[NIC]") } }
      let frame = Self.virtio.flow!.steps.firstIndex { $0.actor == .physicalNIC }! + 1
      let assigned = PaneFixture.playback(step: "flow assigned bytes=64")
      let wire = assigned.flow!.steps.firstIndex { $0.hops.contains { $0.kind == .wire } }! + 1
      for rect in [PaneFixture.small.visualPane, PaneFixture.large.visualPane] {
        let virtio = Self.render(Self.settled(Self.virtio, at: frame), rect)
        #expect(nicRow(virtio).map { $0.contains("▶[physical NIC]") || $0.contains("▶[NIC]") } == true, "\(virtio.text)")
        let nic = Self.render(Self.settled(assigned, at: wire), rect)
        #expect(nicRow(nic).map { $0.contains("▶[physical NIC]") || $0.contains("▶[NIC]") } == true, "\(nic.text)")
        #expect(nicRow(nic).map { $0.contains("↻") } == true)
      }
    }

    @Test func theActingThreadIsShownInReverse() {
      let run = Self.virtio.flow!
      let pop = run.steps.firstIndex { $0.hops.contains { $0.kind == .memoryRead && $0.thread == .mainLoop } }!
      let grid = Self.render(Self.settled(Self.virtio, at: pop + 1), PaneFixture.large.visualPane, theme: .terminal)
      let row = grid.lines.firstIndex { $0.contains("[QEMU main loop]") }!
      #expect(PaneFixture.cells(of: "[QEMU main loop]", in: grid, row: row)!.allSatisfy { $0.style.reverse })
      let app = grid.lines.firstIndex { $0.contains("[application]") }!
      #expect(PaneFixture.cells(of: "[application]", in: grid, row: app)!.allSatisfy { $0.style.dim })
    }

    @Test func theVCPUTimelineTellsHeavyFromLightFromTheFlowsPrices() {
      // Bettan's request: the kick exits to QEMU (5,000), INTx is injected at the entry (1,000 of injection work),
      // the ISR read exits to QEMU (5,000), the EOI exits to KVM (1,000).
      let spans = VCPUTimeline.spans(of: Self.increment.flow!.steps).map { ($0.place, $0.cycles) }
      #expect(spans.map(\.0) == [.guest, .qemu, .kvm, .guest, .qemu, .guest, .kvm, .guest])
      #expect(spans.map(\.1) == [0, 5_000, 1_000, 0, 5_000, 0, 1_000, 0])
      #expect(spans.map(\.1).reduce(0, +) == Self.increment.flow!.totals.cycles)
      // ioeventfd: a light exit in KVM, no QEMU span; the MSI-X injection interrupts a running guest.
      let virtio = VCPUTimeline.spans(of: Self.virtio.flow!.steps)
      #expect(virtio.contains { $0.exit == .kernel && $0.place == .kvm })
      #expect(!virtio.contains { $0.place == .qemu })
      #expect(virtio.map(\.cycles).reduce(0, +) == Self.virtio.flow!.totals.cycles)
      // On screen: three rows at 120×40, one at 80×24, with the counts.
      let large = Self.render(Self.settled(Self.increment, at: Self.increment.flow!.steps.count), PaneFixture.large.visualPane)
      #expect(large.lines.contains { $0.hasPrefix("│QEMU   ██████████") })
      #expect(large.text.contains("█ heavy 2  ▒ light 0  ░ irq-x 1 + inject 1 · 12,000 cycles"))
      let small = Self.render(Self.settled(Self.increment, at: Self.increment.flow!.steps.count), PaneFixture.small.visualPane)
      #expect(small.lines.contains { $0.hasPrefix("│vCPU ▬██████████░░▬██████████▬░░▬") })
    }

    @Test func beforeTheFirstStepAndWithoutAFlow() {
      let start = Self.render(
        PaneFixture.flowFrame(PaneScenario.emulated, flowCursor: 0, phase: 0), PaneFixture.small.visualPane)
      #expect(start.lines[0].contains("step 0/12"))
      #expect(start.text.contains("emulated NIC (full virtualization):"))
      let none = Self.render(PaneFixture.empty, PaneFixture.small.visualPane)
      #expect(none.lines[1].hasPrefix("│no flow in this step"))
    }

    @Test func asciiCapabilitiesGiveOnlyASCII() {
      for phase in 0..<15 {
        for rect in [PaneFixture.small.visualPane, PaneFixture.large.visualPane] {
          #expect(PaneFixture.isASCII(Self.render(Self.trap(phase: phase), rect, capabilities: .minimal)))
        }
      }
      let end = Self.settled(Self.increment, at: Self.increment.flow!.steps.count)
      #expect(PaneFixture.isASCII(Self.render(end, PaneFixture.large.visualPane, capabilities: .minimal)))
    }
  }
}
