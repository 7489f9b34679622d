/// The hop sequences every flow reuses, priced under one cost model: a trapped register access, an exit for a
/// kick, the two ways to deliver an interrupt, an EOI (reference `virtio.md` §4.6, §6.4).
struct Machine {
  let cost: CostModel
  /// Whether labels are built, shared by every copy of this machine: a counting-only run skips them (the hops'
  /// kinds and prices are the same), and a run that has kept all the steps it may keep turns them off.
  let labels: LabelSwitch

  init(cost: CostModel, verbose: Bool = true) {
    self.cost = cost
    labels = LabelSwitch(on: verbose)
  }

  /// Whether labels are built now.
  var verbose: Bool { labels.on }

  /// `label` when verbose, else an empty string that costs nothing to build.
  func text(_ label: @autoclosure () -> String) -> String { verbose ? label() : "" }

  /// The VM entry that ends an exit whose round-trip cost is on the exit hop.
  func entry(_ label: @autoclosure () -> String = "VM entry: the guest resumes") -> Hop {
    Hop(.hypervisor, .vcpu, .vmEntry, text(label()), basis: .includedInExit)
  }

  /// A guest register access that traps and that QEMU emulates in user space (§4.6 step 2, "heavyweight exit"):
  /// the access, the exit, `KVM_EXIT_IO`/`KVM_EXIT_MMIO`, the emulation, the entry.
  func trappedAccess(
    _ access: HopKind, _ what: @autoclosure () -> String, emulation: @autoclosure () -> String, by actor: Component = .guestDriver) -> [Hop] {
    let pio = access == .pioAccess
    return [
      Hop(actor, .vcpu, access, text(what())),
      Hop(
        .vcpu, .hypervisor, .vmExit,
        text(pio ? "I/O-instruction exit: the port access traps" : "EPT exit: the register page is not mapped, the access traps"),
        cycles: cost.userspaceExitCycles, basis: .userspaceExit, exit: .userspace),
      Hop(
        .hypervisor, .deviceModel, .exitToUserspace,
        text(pio ? "KVM_EXIT_IO: KVM hands the access to QEMU" : "KVM_EXIT_MMIO: KVM hands the access to QEMU"),
        thread: .vcpu),
      Hop(.deviceModel, .deviceModel, .emulation, text(emulation()), thread: .vcpu),
      entry("QEMU calls KVM_RUN again; VM entry: the guest resumes"),
    ]
  }

  /// The kick's notify write and its exit (§4.5: `iowrite16(queue index, notify address)`; §4.6): without
  /// ioeventfd a userspace exit into QEMU (the entry comes after QEMU's handler, see ``kickReturn()``); with
  /// ioeventfd a lightweight exit: KVM signals the eventfd and re-enters at once; the eventfd belongs to `thread`
  /// when QEMU is signalled (its main loop, or the device's iothread).
  func kick(queueIndex: Int, ioeventfd: Bool, signalled: Component, thread: QEMUThread = .mainLoop) -> [Hop] {
    let notify = Hop(
      .guestDriver, .vcpu, .notify,
      text("iowrite16(\(queueIndex), notify address): the kick, an MMIO write to the notify BAR page"))
    if ioeventfd {
      return [
        notify,
        Hop(
          .vcpu, .hypervisor, .vmExit, text("EPT exit on the notify page; KVM finds the registered ioeventfd"),
          cycles: cost.kernelExitCycles, basis: .kernelExit, exit: .kernel),
        Hop(
          .hypervisor, signalled, .eventfdSignal, text("ioeventfd: KVM signals the eventfd instead of exiting to QEMU"),
          thread: signalled == .deviceModel ? thread : nil),
        entry("VM entry at once: a lightweight exit"),
      ]
    }
    return [
      notify,
      Hop(
        .vcpu, .hypervisor, .vmExit, text("EPT exit on the notify page; no ioeventfd is registered"),
        cycles: cost.userspaceExitCycles, basis: .userspaceExit, exit: .userspace),
      Hop(
        .hypervisor, .deviceModel, .exitToUserspace,
        text("KVM_EXIT_MMIO: QEMU runs the queue's handler on the vCPU thread (virtio_queue_notify)"), thread: .vcpu),
    ]
  }

  /// The entry after QEMU handled a kick synchronously.
  func kickReturn() -> Hop { entry("QEMU's handler returns; KVM_RUN, VM entry: the guest resumes") }

  /// An MSI or MSI-X message turned into a guest interrupt by the hypervisor: how it reaches KVM (an irqfd signal,
  /// or QEMU's own ioctl) and a legacy injection (priced at the injection work) or a posted interrupt (no exit, §6.4).
  ///
  /// An irqfd exists only where the interrupt is raised outside QEMU's big lock: vhost's call eventfd
  /// (`vhost_net_start` → `set_guest_notifiers`) and the virtio-blk dataplane (`virtio_notify_irqfd`). A device QEMU
  /// serves under the big lock calls `virtio_notify` → `msix_notify`, and QEMU hands the message to KVM itself
  /// (`kvm_irqchip_send_msi`: the `KVM_SIGNAL_MSI` ioctl; QEMU `hw/virtio/virtio-pci.c`, `accel/kvm/kvm-all.c`).
  func deliverMSI(
    from source: Component, signal: @autoclosure () -> String, vector: @autoclosure () -> String, posted: Bool,
    irqfd: Bool = true
  ) -> [Hop] {
    var hops = [
      irqfd
        ? Hop(source, .hypervisor, .eventfdSignal, text("irqfd: " + signal()))
        : Hop(source, .hypervisor, .call, text("msix_notify → KVM_SIGNAL_MSI ioctl: " + signal()))
    ]
    if posted {
      hops.append(
        Hop(
          .hypervisor, .vcpu, .postedInterrupt,
          text("posted interrupt: \(vector()) set in the posted-interrupt descriptor, delivered without an exit"),
          cycles: cost.postedInjectionCycles, basis: .posted))
    } else {
      hops.append(injection(vector()))
    }
    return hops
  }

  /// The hypervisor injects a virtual interrupt (legacy path): priced at the injection work.
  func injection(_ vector: @autoclosure () -> String) -> Hop {
    Hop(
      .hypervisor, .vcpu, .interruptInjection, text("KVM injects \(vector()) at the next VM entry"),
      cycles: cost.injectionWorkCycles, basis: .injectionWork)
  }

  /// The guest's EOI: an APIC-access exit on the legacy path, none when APICv virtualizes it.
  func eoi(legacy: Bool, what: @autoclosure () -> String = "the local APIC") -> [Hop] {
    if !legacy {
      return [Hop(.guestDriver, .vcpu, .eoi, text("EOI to \(what()), virtualized by APICv: no exit"))]
    }
    return [
      Hop(.guestDriver, .vcpu, .eoi, text("EOI write to \(what())")),
      Hop(
        .vcpu, .hypervisor, .vmExit, text("EOI exit: KVM emulates the end of interrupt"),
        cycles: cost.exitEntryCycles, basis: .hardwareExitEntry, exit: .interrupt),
      entry(),
    ]
  }
}

/// Whether a flow's machine builds hop labels; a reference, so the recorder can turn labels off for every copy of
/// the machine once no further step is kept. Never leaves the flow that owns it.
final class LabelSwitch: @unchecked Sendable {
  var on: Bool
  init(on: Bool) { self.on = on }
}
