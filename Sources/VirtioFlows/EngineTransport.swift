/// How the in-process engine's notifications would reach a VM: the transport a lesson's ring steps run under, so a
/// `driver kick` is priced as the VM exit it is and a `device interrupt` as the injection it is, with the same hops
/// and cost model the flows use (reference `virtio.md` §4.5–4.6, §6.4).
///
/// The default is QEMU's default for a modern virtio-pci device: the kick is a write to the notify BAR page that
/// KVM turns into an ioeventfd signal (a light exit), and the interrupt is an MSI-X message injected by KVM, whose
/// EOI exits without APICv.
public struct EngineTransport: Equatable, Hashable, Sendable {
  /// Where the notify register lives.
  public enum Notify: String, CaseIterable, Equatable, Hashable, Sendable {
    /// virtio-pci (modern): a 16-bit write into the notify capability's BAR window (§4.1.4.4).
    case pci
    /// virtio-mmio: a write to the `QueueNotify` register (§4.2.2).
    case mmio
    /// Legacy virtio-pci I/O BAR: an `outw` to `VIRTIO_PCI_QUEUE_NOTIFY`.
    case pio
  }

  /// The notify register's transport.
  public var notify: Notify
  /// Whether KVM turns the notify write into an ioeventfd signal (light exit) instead of exiting to QEMU (heavy).
  public var ioeventfd: Bool
  /// MSI-X (true) or INTx with an ISR read (false).
  public var msix: Bool
  /// Whether interrupts are posted (APICv / VT-d PI): no EOI exit.
  public var postedInterrupts: Bool

  /// Creates a transport; the defaults are QEMU's for virtio-pci.
  public init(notify: Notify = .pci, ioeventfd: Bool = true, msix: Bool = true, postedInterrupts: Bool = false) {
    self.notify = notify
    self.ioeventfd = ioeventfd
    self.msix = msix
    self.postedInterrupts = postedInterrupts
  }

  /// QEMU's default virtio-pci device.
  public static let `default` = EngineTransport()

  /// `PCI, ioeventfd, MSI-X`.
  public var summary: String {
    var parts = [notify.rawValue.uppercased(), ioeventfd ? "ioeventfd" : "no ioeventfd", msix ? "MSI-X" : "INTx"]
    if postedInterrupts { parts.append("posted") }
    return parts.joined(separator: ", ")
  }

  /// The hops of one kick: the notify write and its exit (light with ioeventfd, heavy otherwise, when QEMU then
  /// runs the queue's handler on the vCPU thread and re-enters).
  public func kickHops(cost: CostModel = .default) -> [Hop] {
    let machine = Machine(cost: cost, verbose: true)
    var hops = machine.kick(queueIndex: 0, ioeventfd: ioeventfd, signalled: .deviceModel)
    if notify != .pci {
      for i in hops.indices {
        switch hops[i].kind {
        case .notify:
          hops[i].label = notify == .pio
            ? "outw(0, VIRTIO_PCI_QUEUE_NOTIFY): the kick, a port write"
            : "writel(0, QueueNotify): the kick, a write to the virtio-mmio register page"
        case .vmExit:
          hops[i].label = (notify == .pio ? "I/O-instruction exit on the notify port" : "EPT exit on the register page")
            + (ioeventfd ? "; KVM finds the registered ioeventfd" : "; no ioeventfd is registered")
        default: break
        }
      }
    }
    if !ioeventfd { hops.append(machine.kickReturn()) }
    return hops
  }

  /// The hops of one interrupt the guest takes: the MSI-X delivery (or INTx with the ISR read) and the EOI.
  public func interruptHops(cost: CostModel = .default) -> [Hop] {
    let machine = Machine(cost: cost, verbose: true)
    var hops: [Hop]
    if msix {
      hops = machine.deliverMSI(
        from: .deviceModel, signal: "the queue's MSI-X message", vector: "the queue's MSI-X vector",
        posted: postedInterrupts, irqfd: false)
    } else {
      hops = [machine.injection("INTx")]
      hops += machine.trappedAccess(
        .mmioAccess, "ioread8(isr) → 1: queue interrupt", emulation: "QEMU returns the ISR byte, clears it and lowers INTx")
    }
    return hops + machine.eoi(legacy: !(msix && postedInterrupts))
  }

  /// What `kicks` kicks and `interrupts` interrupts cost under this transport (suppressed ones are counted, free).
  public func totals(
    kicks: Int, kicksSuppressed: Int = 0, interrupts: Int, interruptsSuppressed: Int = 0, cost: CostModel = .default
  ) -> FlowTotals {
    var totals = FlowTotals()
    let kick = kickHops(cost: cost)
    let interrupt = interruptHops(cost: cost)
    for _ in 0..<max(0, kicks) { for hop in kick { totals.add(hop) } }
    for _ in 0..<max(0, interrupts) { for hop in interrupt { totals.add(hop) } }
    totals.kicksSuppressed += max(0, kicksSuppressed)
    totals.interruptsSuppressed += max(0, interruptsSuppressed)
    totals.micros = cost.micros(totals.cycles)
    totals.wakeUpMicros = Double(totals.wakeUps) * cost.wakeUpMicros
    return totals
  }
}
