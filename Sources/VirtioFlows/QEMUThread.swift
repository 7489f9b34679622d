/// Which of QEMU's threads handles a hop that starts or ends in the device model (reference `virtio.md` §4.6).
///
/// QEMU runs each vCPU on its own thread, which sits in `KVM_RUN` while the guest runs; a heavyweight exit
/// (`KVM_EXIT_IO` / `KVM_EXIT_MMIO`) returns on that thread and QEMU emulates the access there, holding the big
/// QEMU lock, before it re-enters (`kvm_cpu_exec` in QEMU `accel/kvm/kvm-all.c`). Work that an eventfd or a file
/// descriptor wakes runs in the main loop instead (`main_loop_wait`, under the BQL): an ioeventfd kick is a
/// lightweight exit that KVM turns into an eventfd signal, so the vCPU thread resumes the guest at once and the
/// main loop's `virtio_queue_host_notifier_read` runs the queue's handler (QEMU wiki Features/VirtioIoeventfd);
/// virtio-net TX and RX (`virtio_net_handle_tx_bh`, the tap fd's read handler) run there. A device given an
/// `-object iothread` (virtio-blk, virtio-scsi) runs its queues in that iothread instead of the main loop; no
/// shipped flow models one, so the main loop is the only non-vCPU thread the flows use.
public enum QEMUThread: String, CaseIterable, Equatable, Hashable, Sendable {
  /// The vCPU's own thread: QEMU handles a heavyweight exit here, then calls `KVM_RUN` again.
  case vcpu
  /// QEMU's main loop (or a device's iothread): handlers woken by an eventfd or a file descriptor.
  case mainLoop = "main-loop"

  /// The name the TUI and text output show.
  public var displayName: String {
    switch self {
    case .vcpu: return "QEMU vCPU thread"
    case .mainLoop: return "QEMU main loop"
    }
  }
}
