/// Which of QEMU's threads handles a hop that starts or ends in the device model (reference `virtio.md` §4.6).
///
/// QEMU runs each vCPU on its own thread, which sits in `KVM_RUN` while the guest runs; a heavyweight exit
/// (`KVM_EXIT_IO` / `KVM_EXIT_MMIO`) returns on that thread and QEMU emulates the access there, holding the big
/// QEMU lock, before it re-enters (`kvm_cpu_exec` in QEMU `accel/kvm/kvm-all.c`). Work that an eventfd or a file
/// descriptor wakes runs in the main loop instead (`main_loop_wait`, under the BQL): an ioeventfd kick is a
/// lightweight exit that KVM turns into an eventfd signal, so the vCPU thread resumes the guest at once and the
/// main loop's `virtio_queue_host_notifier_read` runs the queue's handler (QEMU wiki Features/VirtioIoeventfd);
/// virtio-net TX and RX (`virtio_net_handle_tx_bh`, the tap fd's read handler) run there, holding the big QEMU
/// lock (BQL). A device given an `-object iothread` (virtio-blk, virtio-scsi: `-device
/// virtio-blk-pci,iothread=io0`) runs its queues in that thread's own AioContext instead, without the BQL: the
/// ioeventfd wakes the iothread (`iothread_run` → `aio_poll`), which pops the request and submits the disk I/O, and
/// the completion runs there too (`virtio_blk_rw_complete` → `virtio_blk_req_complete`: `virtqueue_push`, then
/// `virtio_notify_irqfd`, since the ordinary interrupt path needs the BQL; QEMU `hw/block/virtio-blk.c`, Hajnoczi
/// on qemu-devel, 2024). The ``Flow/blk`` flow models it (option `iothread`).
public enum QEMUThread: String, CaseIterable, Equatable, Hashable, Sendable {
  /// The vCPU's own thread: QEMU handles a heavyweight exit here, then calls `KVM_RUN` again.
  case vcpu
  /// QEMU's main loop: handlers woken by an eventfd or a file descriptor, under the BQL.
  case mainLoop = "main-loop"
  /// An `-object iothread`: a device's queues and their disk I/O, in the thread's own event loop, without the BQL.
  case iothread

  /// The name the TUI and text output show.
  public var displayName: String {
    switch self {
    case .vcpu: return "QEMU vCPU thread"
    case .mainLoop: return "QEMU main loop"
    case .iothread: return "QEMU iothread"
    }
  }
}
