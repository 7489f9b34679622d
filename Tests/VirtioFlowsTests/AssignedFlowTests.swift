import Testing
import VirtioCore
@testable import VirtioFlows

/// Device assignment: no data-path exits, DMA through the IOMMU, the MSI's exits or none when posted.
@Suite struct AssignedFlowTests {
  @Test(arguments: [1, 5, 16], [1, 4])
  func transmitHasNoDataPathExits(packets: Int, batch: Int) throws {
    let t = try run(.assigned, [("packets", "\(packets)"), ("batch", "\(batch)"), ("bytes", "1500")]).totals
    #expect(t.userspaceExits == 0)
    #expect(t.kernelExits == 0)
    // Per completion: the host external-interrupt exit and the EOI exit (no APICv).
    #expect(t.interruptExits == 2 * packets)
    #expect(t.entries == t.exits)
    #expect(t.dmaTransfers == packets)
    #expect(t.kicks == ceilDiv(packets, batch))
    #expect(t.hostInterrupts == packets)
    #expect(t.injectedInterrupts == packets)
    #expect(t.cycles == packets * (1_750 + 1_000 + 1_000))
  }

  @Test func postedInterruptsRemoveEveryExit() throws {
    let t = try run(.assigned, [("packets", "4"), ("posted-interrupts", "on")]).totals
    #expect(t.exits == 0)
    #expect(t.entries == 0)
    #expect(t.cycles == 0)
    #expect(t.hostInterrupts == 0)
    #expect(t.injectedInterrupts == 4)
  }

  @Test func theDMAIsTranslatedGuestPhysicalToHostPhysical() throws {
    let r = try run(.assigned, [("packets", "1")])
    let dma = try #require(r.steps.first { $0.hops.contains { $0.kind == .dma } })
    #expect(dma.hops.map(\.kind).prefix(2) == [.dma, .translation])
    #expect(dma.hops[0].from == .physicalNIC && dma.hops[0].to == .iommu)
    #expect(dma.hops[1].label.contains("0x100000 → host-physical 0x140100000"))
  }

  @Test func thePriceIsOneNICPerVM() throws {
    let r = try run(.assigned)
    #expect(r.notes.contains { $0.contains("one physical NIC per VM") })
  }

  @Test func receivePostsBuffersThenRefillsPerBatch() throws {
    let t = try run(.assigned, [("packets", "6"), ("batch", "3"), ("direction", "rx")]).totals
    #expect(t.kicks == 1 + 2)
    #expect(t.userspaceExits + t.kernelExits == 0)
    #expect(t.dmaTransfers == 6)
  }
}
