/// How a VM exit is handled, which decides its cost (reference `virtio.md` §4.6, §6.4).
public enum ExitClass: String, CaseIterable, Equatable, Hashable, Sendable {
  /// A heavyweight exit: KVM returns to the VMM (`KVM_EXIT_IO` / `KVM_EXIT_MMIO`) and QEMU emulates the access on
  /// the vCPU thread before re-entering (§4.6 step 2).
  case userspace
  /// A lightweight exit handled inside the host kernel, e.g. a kick KVM turns into an ioeventfd signal before
  /// re-entering at once (§4.6 step 2, QEMU wiki Features/VirtioIoeventfd).
  case kernel
  /// An exit caused by interrupt delivery: a host external interrupt arriving while the guest runs, or the
  /// guest's EOI without APICv (§6.4 rows B and "interrupt injection, legacy path").
  case interrupt

  /// A human label.
  public var displayName: String {
    switch self {
    case .userspace: return "heavy (user space)"
    case .kernel: return "light (kernel)"
    case .interrupt: return "interrupt/EOI"
    }
  }
}
