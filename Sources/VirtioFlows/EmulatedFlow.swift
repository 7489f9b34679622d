/// The fully emulated NIC (reference `virtio.md` §1.1 blog "Motivation (a)", §1.4, §6.4 row A): the unmodified
/// driver reaches a register interface, and every register access traps to the hypervisor and exits to QEMU.
///
/// Transmit follows the blog's `nic_write_buffer`: for every byte (PIO) or every `mmio-width` bytes (MMIO) the
/// driver polls the ready register (`nic_poll_ready()`) and writes the TX register (`outb(NIC_TX_BUF, *buf++)`),
/// both commented "many traps". Receive mirrors it with the RX register (the blog shows only transmit; the mirror is
/// this model's). The completion follows the blog's chain ("pNIC interrupts host ⇒ hypervisor interrupts guest")
/// and the interrupt handler of Bettan's `pci_example` driver (§1.4): read the irq register, read the result
/// (here: the TX status, or the RX length), write 0 to de-assert, each a trapped access. The emulated NIC is a
/// legacy PCI device raising INTx, so its EOI always exits (§4.6), and posted interrupts do not apply.
///
/// Per packet of B bytes with access width W (1 for PIO): 2·⌈B/W⌉ + 3 userspace exits, 1 EOI exit, 1 host and
/// 1 injected interrupt, 1 DMA by the physical NIC (between host memory and the wire).
struct EmulatedFlow {
  let recorder: FlowRecorder
  let options: FlowOptions
  let machine: Machine
  let cost: CostModel
  /// In a counting-only run every trapped access has the same label-less hops: built once, then shared.
  private let countingTrap: [Hop]

  init(options: FlowOptions, cost: CostModel, keepSteps: Bool) {
    self.options = options
    self.cost = cost
    recorder = FlowRecorder(flow: .emulated, options: options, cost: cost, keepSteps: keepSteps)
    machine = recorder.machine
    countingTrap = recorder.machine.trappedAccess(options.variant == .pio ? .pioAccess : .mmioAccess, "", emulation: "")
  }

  /// Runs every packet and returns the run.
  mutating func run() -> FlowRun {
    let pio = options.variant == .pio
    recorder.note(
      pio
        ? "PIO: one byte per access, two trapped accesses per byte (blog nic_write_buffer: nic_poll_ready + outb, \"many traps\")."
        : "MMIO: \(options.mmioWidth)-byte accesses; fewer accesses, but each still traps (blog: MMIO \"still traps per write\").")
    recorder.note("The emulated NIC has no batching: each frame is handed over register by register, and each completes with its own interrupt.")
    recorder.note("QEMU learns the frame's length out of band in this model (the blog's code shows no length or command register).")
    for packet in 1...options.packets {
      if options.direction == .tx { transmit(packet) } else { receive(packet) }
    }
    return recorder.finish()
  }

  /// The hops of one trapped access (shared when only counting: labels are empty, kinds and prices identical).
  private func trap(_ what: @autoclosure () -> String, emulation: @autoclosure () -> String) -> [Hop] {
    recorder.keepSteps ? machine.trappedAccess(accessKind, what(), emulation: emulation()) : countingTrap
  }

  private var accessKind: HopKind { options.variant == .pio ? .pioAccess : .mmioAccess }
  private var width: Int { options.variant == .pio ? 1 : options.mmioWidth }

  private func read(_ register: String, _ result: String) -> String {
    options.variant == .pio ? "inb \(register) → \(result)" : "ioread\(8 * width)(\(register)) → \(result)"
  }

  /// Past the kept steps, the frame's remaining register accesses (a ready poll and a data access per `width`
  /// bytes, all with the same hops) are counted in one go instead of stepped through.
  private func countRemainingAccesses(after done: Int, of count: Int) {
    guard done < count else { return }
    let accesses = (count - done + width - 1) / width
    recorder.count(countingTrap, times: 2 * accesses)
  }

  /// QEMU hands the frame to the tap device and raises the line while it emulates the last TX register write, on
  /// the vCPU thread (an emulated NIC transmits inside the trapped write, as QEMU's e1000 does in its TDT write):
  /// the recorder's default thread.
  private mutating func transmit(_ packet: Int) {
    let frame = Payload.frame(packet: packet, count: options.bytes)
    recorder.record(
      .guestApplication, "The application sends a \(frame.count)-byte packet; the guest kernel hands it to the NIC driver.",
      [Hop(.guestApplication, .guestDriver, .call, machine.text("send(\(NumberFormat.bytes(frame.count)))"))], packet: packet)
    var sent = 0
    while sent < frame.count, recorder.keepSteps {
      let chunk = frame[sent..<min(frame.count, sent + width)]
      pollReady(packet)
      sent += chunk.count
      recorder.record(
        .guestDriver, "The driver writes \(chunk.count == 1 ? "byte" : "bytes") \(sent - chunk.count + 1)\(chunk.count > 1 ? "–\(sent)" : "") of \(frame.count) to the TX register.",
        trap(
          options.variant == .pio
            ? "outb \(Payload.hex(Array(chunk))) → NIC_TX_BUF"
            : "iowrite\(8 * chunk.count)(\(Payload.hex(Array(chunk))), NIC_TX_BUF)",
          emulation: "QEMU appends \(chunk.count) byte(s) to the emulated NIC's TX buffer (\(sent)/\(frame.count))"),
        packet: packet)
    }
    countRemainingAccesses(after: sent, of: frame.count)
    recorder.record(
      .deviceModel, "The device model has the whole frame and passes it to the host kernel's tap device.",
      [Hop(.deviceModel, .hostKernel, .call, machine.text("write(tap, frame, \(frame.count))"))], packet: packet)
    physicalTransmit(frame.count, packet)
    raiseINTx(packet, why: "the frame is sent")
    handlerAccess(packet, read("NIC_IRQ", "1"), "The guest's handler reads the NIC's interrupt register (pci_example: ioread8(irq)).", "QEMU reports the TX-done cause")
    handlerAccess(packet, read("NIC_TX_STATUS", "done"), "The handler reads the TX status register to learn the frame went out (pci_example reads its result register).", "QEMU returns the TX status")
    deassert(packet)
    eoi(packet)
  }

  private mutating func receive(_ packet: Int) {
    let frame = Payload.frame(packet: packet, count: options.bytes)
    // The tap device's read handler runs in QEMU's main loop, which then raises the line; the guest's register
    // accesses that follow are heavyweight exits handled on the vCPU thread (Machine names that thread itself).
    recorder.deviceThread = .mainLoop
    defer { recorder.deviceThread = .vcpu }
    recorder.record(
      .physicalNIC, "A \(frame.count)-byte frame arrives; the physical NIC writes it to host memory by DMA and interrupts the host.",
      [
        Hop(.physicalNIC, .physicalNIC, .wire, machine.text("frame of \(NumberFormat.bytes(frame.count)) arrives")),
        Hop(.physicalNIC, .hostKernel, .dma, machine.text("DMA write of \(NumberFormat.bytes(frame.count)) into a host receive buffer")),
        Hop(.physicalNIC, .interruptController, .interrupt, machine.text("MSI: RX completion")),
        Hop(.interruptController, .hostKernel, .call, machine.text("the host NIC driver passes the frame to the tap device")),
      ], packet: packet)
    recorder.record(
      .deviceModel, "The device model reads the frame from the tap device into the emulated NIC's RX buffer.",
      [Hop(.hostKernel, .deviceModel, .call, machine.text("read(tap) → \(NumberFormat.bytes(frame.count))"))], packet: packet)
    raiseINTx(packet, why: "a frame is waiting")
    handlerAccess(packet, read("NIC_IRQ", "1"), "The guest's handler reads the NIC's interrupt register (pci_example: ioread8(irq)).", "QEMU reports the RX cause")
    handlerAccess(packet, read("NIC_RX_LEN", "\(frame.count)"), "The handler reads the RX length register (pci_example reads its result register the same way).", "QEMU returns the frame length")
    var received = 0
    while received < frame.count, recorder.keepSteps {
      let chunk = frame[received..<min(frame.count, received + width)]
      pollReady(packet)
      received += chunk.count
      recorder.record(
        .guestDriver, "The driver reads \(chunk.count == 1 ? "byte" : "bytes") \(received - chunk.count + 1)\(chunk.count > 1 ? "–\(received)" : "") of \(frame.count) from the RX register.",
        trap(read("NIC_RX_BUF", Payload.hex(Array(chunk))), emulation: "QEMU returns the next \(chunk.count) byte(s) of the RX buffer (\(received)/\(frame.count))"),
        packet: packet)
    }
    countRemainingAccesses(after: received, of: frame.count)
    deassert(packet)
    eoi(packet)
    recorder.record(
      .guestDriver, "The driver passes the frame up; the application receives it.",
      [Hop(.guestDriver, .guestApplication, .call, machine.text("recv → \(NumberFormat.bytes(frame.count))"))], packet: packet)
  }

  private mutating func pollReady(_ packet: Int) {
    recorder.record(
      .guestDriver, "The driver polls the NIC's status register (nic_poll_ready).",
      trap(read("NIC_STATUS", "READY"), emulation: "QEMU reports the emulated NIC ready"),
      packet: packet)
  }

  private mutating func physicalTransmit(_ count: Int, _ packet: Int) {
    recorder.record(
      .physicalNIC, "The physical NIC fetches the frame from host memory by DMA, sends it, and interrupts the host.",
      [
        Hop(.hostKernel, .physicalNIC, .mmioAccess, machine.text("the host NIC driver rings the NIC's doorbell")),
        Hop(.physicalNIC, .hostKernel, .dma, machine.text("DMA read of \(count) bytes from host memory")),
        Hop(.physicalNIC, .physicalNIC, .wire, machine.text("frame of \(count) bytes on the wire")),
        Hop(.physicalNIC, .interruptController, .interrupt, machine.text("MSI: TX completion")),
        Hop(.interruptController, .hostKernel, .call, machine.text("the host NIC driver reaps the completion")),
      ], packet: packet)
  }

  private mutating func raiseINTx(_ packet: Int, why: String) {
    recorder.record(
      .hypervisor, "The device model raises the emulated NIC's interrupt line because \(why); KVM injects a virtual interrupt.",
      [Hop(.deviceModel, .hypervisor, .call, machine.text("KVM_IRQ_LINE: assert the NIC's INTx")), machine.injection("the NIC's INTx vector")],
      packet: packet)
  }

  private mutating func handlerAccess(_ packet: Int, _ what: String, _ summary: String, _ emulation: String) {
    recorder.record(.guestDriver, summary, trap(what, emulation: emulation), packet: packet)
  }

  private mutating func deassert(_ packet: Int) {
    let what = options.variant == .pio ? "outb 0 → NIC_IRQ" : "iowrite8(0, NIC_IRQ)"
    recorder.record(
      .guestDriver, "The handler writes 0 to the interrupt register to de-assert the line (pci_example: iowrite8(0, irq)).",
      trap(what, emulation: "QEMU lowers the NIC's INTx line"), packet: packet)
  }

  private mutating func eoi(_ packet: Int) {
    recorder.record(
      .guestDriver, "The handler ends with an EOI; a level-triggered INTx always exits for it (spec: INTx is level-triggered; the ISR read de-asserts it).",
      machine.eoi(legacy: true, what: "the local APIC (INTx, level-triggered)"), packet: packet)
  }
}
