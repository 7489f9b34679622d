import Testing
import VirtioCore
@testable import VirtioFlows

/// The emulated NIC: the blog's `nic_write_buffer` (poll + write per byte) and `pci_example`'s handler (read irq,
/// read result, write 0), every access a userspace exit.
@Suite struct EmulatedFlowTests {
  @Test(arguments: [1, 64, 1500], [1, 3])
  func pioTransmitCostsTwoTrapsPerByteAndTheCompletion(bytes: Int, packets: Int) throws {
    let t = try run(.emulated, [("bytes", "\(bytes)"), ("packets", "\(packets)"), ("variant", "pio")]).totals
    // Per packet: a status poll and an outb per byte, then 3 handler accesses; the EOI of the INTx.
    let heavy = packets * (2 * bytes + 3)
    #expect(t.userspaceExits == heavy)
    #expect(t.kernelExits == 0)
    #expect(t.interruptExits == packets)
    #expect(t.entries == t.exits)
    #expect(t.hostInterrupts == packets)
    #expect(t.injectedInterrupts == packets)
    #expect(t.dmaTransfers == packets)
    #expect(t.kicks == 0)
    // 5,000 per userspace exit; per interrupt the EOI exit (1,000) plus the injection work (2,000 − 1,000).
    #expect(t.cycles == heavy * 5_000 + packets * (1_000 + 1_000))
    #expect(t.micros == Double(t.cycles) / 3_000)
  }

  @Test(arguments: [1, 2, 4, 8], [1, 63, 64, 1500])
  func mmioUsesOneExitPerWideAccess(width: Int, bytes: Int) throws {
    for direction in ["tx", "rx"] {
      let t = try run(
        .emulated, [("bytes", "\(bytes)"), ("variant", "mmio"), ("mmio-width", "\(width)"), ("direction", direction)]
      ).totals
      #expect(t.userspaceExits == 2 * ceilDiv(bytes, width) + 3, "direction \(direction)")
      #expect(t.interruptExits == 1)
    }
  }

  @Test func receiveMirrorsTransmit() throws {
    let tx = try run(.emulated, [("bytes", "100"), ("packets", "2")]).totals
    let rx = try run(.emulated, [("bytes", "100"), ("packets", "2"), ("direction", "rx")]).totals
    #expect(rx.exits == tx.exits)
    #expect(rx.cycles == tx.cycles)
  }

  @Test func widerAccessesMeanFewerExits() throws {
    let pio = try run(.emulated, [("bytes", "1500")]).totals
    let mmio = try run(.emulated, [("bytes", "1500"), ("variant", "mmio"), ("mmio-width", "4")]).totals
    #expect(mmio.userspaceExits < pio.userspaceExits)
    #expect(mmio.userspaceExits == 2 * 375 + 3)
  }

  @Test func aTrappedAccessIsAccessExitUserspaceEmulateEntry() throws {
    let r = try run(.emulated, [("bytes", "2")])
    let write = try #require(r.steps.first { $0.hops.first?.label.contains("NIC_TX_BUF") == true })
    #expect(write.hops.map(\.kind) == [.pioAccess, .vmExit, .exitToUserspace, .emulation, .vmEntry])
    #expect(write.hops[1].exit == .userspace)
    #expect(write.hops[1].cycles == 5_000)
    #expect(write.hops[1].basis == .userspaceExit)
    #expect(write.hops[0].label.contains("outb 61"))
    #expect(write.actor == .guestDriver)
  }

  @Test func postedInterruptsDoNotApplyToTheLegacyNIC() throws {
    let plain = try run(.emulated, [("bytes", "8")]).totals
    let posted = try run(.emulated, [("bytes", "8"), ("posted-interrupts", "on")]).totals
    #expect(plain == posted)
  }
}
