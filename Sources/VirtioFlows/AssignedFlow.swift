/// Device assignment, VFIO passthrough (reference `virtio.md` §1.1 blog "Motivation (b)", §6.4 row B): the
/// physical NIC's BAR is mapped into the guest, so the driver's register writes cause no exit; the NIC reads and
/// writes guest memory by DMA through the IOMMU, which translates guest-physical to host-physical addresses.
///
/// The completion MSI costs a host external-interrupt exit, an injection and, without APICv, an EOI exit; with
/// posted interrupts (VT-d PI) it costs no exit at all. The price: the NIC belongs to this one VM.
///
/// Per packet: 0 data-path exits; per completion 2 interrupt exits (external interrupt + EOI) or 0 when posted;
/// 1 DMA; one doorbell (kick) per batch.
struct AssignedFlow {
  let recorder: FlowRecorder
  let options: FlowOptions
  let machine: Machine
  let cost: CostModel

  /// Where this model places guest RAM in host-physical memory: an illustrative offset, not a measured layout.
  static let hostPhysicalBase: UInt64 = 0x1_4000_0000
  /// Guest-physical address of the driver's first packet buffer (illustrative).
  static let bufferBase: UInt64 = 0x10_0000
  /// Guest-physical address of the driver's descriptor ring (illustrative).
  static let ringBase: UInt64 = 0x8000

  init(options: FlowOptions, cost: CostModel, keepSteps: Bool) {
    self.options = options
    self.cost = cost
    recorder = FlowRecorder(flow: .assigned, options: options, cost: cost, keepSteps: keepSteps)
    machine = recorder.machine
  }

  mutating func run() -> FlowRun {
    recorder.note("The price: the physical NIC is assigned to this one VM: one physical NIC per VM (blog: \"max performance but one pNIC per guest (expensive)\").")
    recorder.note("Addresses are illustrative: guest RAM is placed at host-physical \(NumberFormat.hex(Self.hostPhysicalBase)) by this model.")
    recorder.note("Descriptor fetches and write-backs by the NIC are not counted as DMA transfers; one DMA per frame is.")
    recorder.note(
      options.postedInterrupts
        ? "Posted interrupts (VT-d PI, APICv): the MSI reaches the running guest with no exit; the EOI is virtualized."
        : "Without posted interrupts each MSI costs a host external-interrupt exit, an injection and an EOI exit (ELI, ASPLOS 2012).")
    let batches = stride(from: 1, through: options.packets, by: options.effectiveBatch).map {
      Array($0...min(options.packets, $0 + options.effectiveBatch - 1))
    }
    if options.direction == .tx {
      for batch in batches { transmit(batch) }
    } else {
      postReceiveBuffers(count: min(options.queueSize, options.packets))
      for batch in batches { receive(batch) }
    }
    return recorder.finish()
  }

  private func slot(_ packet: Int) -> Int { (packet - 1) % options.queueSize }

  private func bufferAddress(_ packet: Int) -> UInt64 {
    let stride = (UInt64(max(options.bytes, options.mtu)) + 4095) & ~4095
    return Self.bufferBase + UInt64(slot(packet)) * stride
  }

  private func dmaHops(_ packet: Int, write: Bool) -> [Hop] {
    let gpa = bufferAddress(packet)
    return [
      Hop(
        .physicalNIC, .iommu, .dma,
        machine.text("DMA \(write ? "write" : "read") of \(options.bytes) bytes at IOVA \(NumberFormat.hex(gpa)) (the guest-physical address)")),
      Hop(
        .iommu, .guestMemory, .translation,
        machine.text("IOMMU: guest-physical \(NumberFormat.hex(gpa)) → host-physical \(NumberFormat.hex(gpa + Self.hostPhysicalBase)) via the VM's I/O page table")),
    ]
  }

  private mutating func doorbell(_ tail: Int, _ what: String) {
    recorder.record(
      .guestDriver, "The driver writes the NIC's \(what) tail register; the BAR is mapped into the guest, so nothing traps.",
      [Hop(.guestDriver, .physicalNIC, .notify, machine.text("iowrite32(\(tail), \(what)_TAIL): a store to the NIC's BAR, mapped by EPT: no exit"))])
  }

  private mutating func transmit(_ batch: [Int]) {
    for packet in batch {
      recorder.record(
        .guestApplication, "The application sends a \(options.bytes)-byte packet; the guest kernel hands it to the NIC's own driver.",
        [Hop(.guestApplication, .guestDriver, .call, machine.text("send(\(NumberFormat.bytes(options.bytes)))"))], packet: packet)
      recorder.record(
        .guestDriver, "The driver writes a TX descriptor pointing at the frame into its ring in guest memory.",
        [Hop(.guestDriver, .guestMemory, .memoryWrite, machine.text("TX desc[\(slot(packet))] = {addr \(NumberFormat.hex(bufferAddress(packet))), len \(options.bytes)} at \(NumberFormat.hex(Self.ringBase + 16 * UInt64(slot(packet))))"))],
        packet: packet)
    }
    doorbell(slot(batch[batch.count - 1]) + 1, "TX")
    for packet in batch {
      recorder.record(
        .physicalNIC, "The NIC reads the frame from guest memory by DMA through the IOMMU and sends it.",
        dmaHops(packet, write: false) + [Hop(.physicalNIC, .physicalNIC, .wire, machine.text("frame of \(options.bytes) bytes on the wire"))],
        packet: packet)
      completion(packet, what: "TX completion", handler: "reads the TX descriptor's done bit in guest memory and frees the frame")
    }
  }

  private mutating func postReceiveBuffers(count: Int) {
    for i in 1...count {
      recorder.record(
        .guestDriver, "The driver posts an empty receive buffer: an RX descriptor in its ring in guest memory.",
        [Hop(.guestDriver, .guestMemory, .memoryWrite, machine.text("RX desc[\(slot(i))] = {addr \(NumberFormat.hex(bufferAddress(i))), len \(options.mtu)}"))])
    }
    doorbell(count, "RX")
  }

  private mutating func receive(_ batch: [Int]) {
    for packet in batch {
      recorder.record(
        .physicalNIC, "A \(options.bytes)-byte frame arrives; the NIC writes it straight into the guest's buffer by DMA through the IOMMU.",
        [Hop(.physicalNIC, .physicalNIC, .wire, machine.text("frame of \(options.bytes) bytes arrives"))] + dmaHops(packet, write: true),
        packet: packet)
      completion(packet, what: "RX completion", handler: "reads the RX descriptor's status in guest memory: \(options.bytes) bytes received")
      recorder.record(
        .guestDriver, "The driver passes the frame up; the application receives it.",
        [Hop(.guestDriver, .guestApplication, .call, machine.text("recv → \(NumberFormat.bytes(options.bytes))"))], packet: packet)
    }
    for packet in batch {
      recorder.record(
        .guestDriver, "The driver reposts the buffer it consumed.",
        [Hop(.guestDriver, .guestMemory, .memoryWrite, machine.text("RX desc[\(slot(packet))] = {addr \(NumberFormat.hex(bufferAddress(packet))), len \(options.mtu)}"))],
        packet: packet)
    }
    doorbell(slot(batch[batch.count - 1]) + 1, "RX")
  }

  private mutating func completion(_ packet: Int, what: String, handler: String) {
    if options.postedInterrupts {
      recorder.record(
        .physicalNIC, "The NIC's MSI-X is remapped by the IOMMU and posted straight into the running guest: no exit.",
        [
          Hop(.physicalNIC, .iommu, .translation, machine.text("interrupt remapping: the MSI-X message (\(what)) goes to the vCPU's posted-interrupt descriptor")),
          Hop(.iommu, .vcpu, .postedInterrupt, machine.text("posted interrupt: delivered without an exit (VT-d PI)"), cycles: cost.postedInjectionCycles, basis: .posted),
        ], packet: packet)
    } else {
      recorder.record(
        .physicalNIC, "The NIC's MSI-X arrives at the host while the guest runs: an external-interrupt exit; VFIO forwards it and KVM injects it.",
        [
          Hop(.physicalNIC, .interruptController, .interrupt, machine.text("MSI-X: \(what)")),
          Hop(
            .vcpu, .hypervisor, .vmExit, machine.text("external-interrupt exit: the host must take its interrupt"),
            cycles: cost.kernelExitCycles, basis: .kernelExit, exit: .interrupt),
          Hop(.interruptController, .hostKernel, .call, machine.text("VFIO's interrupt handler runs in the host kernel")),
          Hop(.hostKernel, .hypervisor, .eventfdSignal, machine.text("irqfd: VFIO signals KVM")),
          machine.injection("the NIC's MSI-X vector"),
          machine.entry(),
        ], packet: packet)
    }
    recorder.record(
      .guestDriver, "The guest's interrupt handler \(handler): plain memory, no exit.",
      [Hop(.guestMemory, .guestDriver, .memoryRead, machine.text("descriptor status: done"))], packet: packet)
    recorder.record(
      .guestDriver,
      options.postedInterrupts ? "The handler ends with an EOI, which APICv handles without an exit." : "The handler ends with an EOI, which exits without APICv.",
      machine.eoi(legacy: !options.postedInterrupts), packet: packet)
  }
}
