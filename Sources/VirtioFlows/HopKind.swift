/// What one hop of a flow step is: an access, a transition of the CPU, a memory or DMA transfer, or an
/// interrupt. Raw values are the kebab-case names used in text and JSON output.
public enum HopKind: String, CaseIterable, Equatable, Hashable, Sendable {
  /// A port I/O instruction (`inb`/`outb`) on a device register.
  case pioAccess = "pio-access"
  /// A load or store to a memory-mapped device register (trapping or, for an assigned BAR, not).
  case mmioAccess = "mmio-access"
  /// The driver notifies the device (a virtio kick, or a NIC's tail doorbell).
  case notify
  /// The driver checked the device's suppression state and did not notify (NO_NOTIFY or `avail_event`).
  case notifySuppressed = "notify-suppressed"
  /// The CPU leaves guest mode (a trapped access, an external interrupt, an EOI without APICv).
  case vmExit = "vm-exit"
  /// KVM hands the exit to the VMM in user space (`KVM_EXIT_IO` / `KVM_EXIT_MMIO`).
  case exitToUserspace = "exit-to-userspace"
  /// The device model (or vhost) emulates a register access or runs a queue handler.
  case emulation = "emulate"
  /// The CPU re-enters guest mode.
  case vmEntry = "vm-entry"
  /// A CPU writes guest or host memory (rings, descriptors, buffers).
  case memoryWrite = "memory-write"
  /// A CPU reads guest or host memory.
  case memoryRead = "memory-read"
  /// A device transfers a buffer by DMA.
  case dma
  /// The IOMMU translates a device's guest-physical (IOVA) address to a host-physical one.
  case translation
  /// A host-side call or system call (e.g. the device model writes the frame to the tap device).
  case call
  /// A frame leaves or enters the physical NIC's port.
  case wire
  /// A physical interrupt to the host (a device's MSI or line interrupt).
  case interrupt
  /// An eventfd is signalled (ioeventfd for kicks, irqfd for interrupts).
  case eventfdSignal = "eventfd-signal"
  /// A sleeping host thread (QEMU's main-loop thread for virtio-net, an `-object iothread` for virtio-blk, the vhost worker) is woken up.
  case wakeUp = "wake-up"
  /// The hypervisor injects a virtual interrupt into the guest (legacy path).
  case interruptInjection = "interrupt-injection"
  /// A posted interrupt: delivered into the running guest without an exit (APICv / VT-d PI).
  case postedInterrupt = "posted-interrupt"
  /// The device decided not to interrupt (NO_INTERRUPT or `used_event`).
  case interruptSuppressed = "interrupt-suppressed"
  /// The guest's end-of-interrupt write.
  case eoi
}
