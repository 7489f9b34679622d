import VirtioCore

/// The workload and the toggles a flow runs with. Every flow reads the fields that apply to it and ignores the
/// rest (the emulated NIC has no batching; the assigned NIC always uses MSI-X).
///
/// Defaults describe a typical modern virtio-net setup (reference `virtio.md` §6.4 row C2: MSI-X, ioeventfd,
/// EVENT_IDX, indirect descriptors); ``defaults(for:)`` gives the increment-edu flow Bettan's configuration
/// instead (§1.2: queue size 1, no MSI-X vectors, no ioeventfd).
public struct FlowOptions: Equatable, Hashable, Sendable {
  /// Payload bytes per packet (the frame, without the 12-byte `virtio_net_hdr`). For `increment`: unused.
  public var bytes = 64
  /// Packets (for `increment`: requests) to move.
  public var packets = 1
  /// Packets the driver queues before it publishes and decides whether to kick (virtio, assigned) or that arrive
  /// together (RX).
  public var batch = 1
  /// The virtqueue size N (a power of 2 up to 32768).
  public var queueSize = 256
  /// The receive buffer's frame size for RX: each posted buffer holds the 12-byte header plus `mtu` bytes.
  public var mtu = 1500
  /// Whether the driver accepts VIRTIO_F_EVENT_IDX.
  public var eventIdx = true
  /// Whether the driver accepts VIRTIO_F_INDIRECT_DESC.
  public var indirect = true
  /// MSI-X (true) or INTx with an ISR read (false) for the virtio device.
  public var msix = true
  /// Whether KVM turns kicks into an ioeventfd signal (a lightweight exit) instead of a userspace exit.
  public var ioeventfd = true
  /// Whether the vhost worker in the host kernel runs the device instead of QEMU (needs ioeventfd).
  public var vhost = false
  /// For `blk`: whether the disk's queue runs in an `-object iothread` (true) or QEMU's main loop (false); the
  /// iothread is woken by the ioeventfd, so it needs ioeventfd (see ``QEMUThread/iothread``).
  public var iothread = true
  /// Whether MSI/MSI-X interrupts are posted (APICv / VT-d PI): no injection or EOI exit.
  public var postedInterrupts = false
  /// Whether a device thread (ioeventfd or vhost) works on one batch while the guest queues the next (see
  /// ``VirtioNetFlow``); false: the device finishes each batch before the guest queues the next one.
  public var overlap = true
  /// How the emulated NIC's registers are reached.
  public var variant: EmulatedVariant = .pio
  /// Width in bytes of one MMIO access of the emulated NIC (1, 2, 4 or 8).
  public var mmioWidth = 4
  /// Transmit or receive. For `blk`: `tx` writes to the disk (VIRTIO_BLK_T_OUT), `rx` reads it (VIRTIO_BLK_T_IN).
  public var direction: Direction = .tx
  /// The integer the first increment-edu request carries (the README's `echo 5`).
  public var incrementValue: UInt32 = 5

  /// The typical configuration (see the type's summary).
  public init() {}

  /// The defaults a flow starts from: the increment-edu device gets Bettan's configuration (queue size 1, INTx,
  /// no ioeventfd; QEMU's default `indirect_desc` and `event_idx` on), virtio-blk a 4 KiB read in an iothread, the
  /// others the typical one.
  public static func defaults(for flow: Flow) -> FlowOptions {
    var options = FlowOptions()
    if flow == .increment {
      options.queueSize = 1
      options.msix = false
      options.ioeventfd = false
      options.vhost = false
    }
    if flow == .blk {
      options.bytes = 4096
      options.direction = .rx
    }
    return options
  }

  /// The features the driver accepts: VERSION_1 plus the toggles.
  public var features: VirtioFeatures {
    var features: VirtioFeatures = .version1
    if indirect { features.insert(.indirectDesc) }
    if eventIdx { features.insert(.eventIdx) }
    return features
  }

  /// Whether the virtio device runs on a thread other than the vCPU (woken by an eventfd).
  public var deviceOnOwnThread: Bool { ioeventfd || vhost }

  /// Bytes of the virtio-net header in front of every packet (reference §4.7: 12 with VERSION_1).
  public static let netHeaderBytes = 12

  /// Payload bytes per guest buffer: the payload is split at 4 KiB page boundaries, as a guest kernel's
  /// scatter-gather list of page fragments would be (a model assumption).
  public static let fragmentBytes = 4096

  /// Device-readable buffers of one TX packet: ⌈bytes / 4096⌉ page fragments, the header pushed into the first one.
  ///
  /// With VERSION_1 (or ANY_LAYOUT) Linux's `xmit_skb` sets `can_push` and pushes the 12-byte `virtio_net_hdr`
  /// into the skb's headroom (`__skb_push(skb, hdr_len)`), so header and frame are one scatter-gather entry: a
  /// 64-byte packet is one 76-byte buffer and one direct descriptor (a real Debian guest's TX queue shows one
  /// descriptor per packet, no NEXT). Only a packet with page fragments has more than one buffer, and only then
  /// does Linux's rule (`total_sg > 1`) put it in an indirect table.
  public var buffersPerPacket: Int { max(1, (bytes + Self.fragmentBytes - 1) / Self.fragmentBytes) }

  /// A one-line description of the toggles, e.g. `TX, 1 × 64 B, batch 1; EVENT_IDX, INDIRECT_DESC, MSI-X, ioeventfd`.
  public func summary(for flow: Flow) -> String {
    switch flow {
    case .emulated:
      let access = variant == .pio ? "PIO, 1-byte accesses" : "MMIO, \(mmioWidth)-byte accesses"
      return "\(direction.displayName), \(packets) × \(bytes) B; \(access); INTx"
    case .assigned:
      return "\(direction.displayName), \(packets) × \(bytes) B, batch \(batch); MSI-X"
        + (postedInterrupts ? ", posted interrupts" : ", no posted interrupts")
    case .blk:
      var parts: [String] = features.names.map { $0.uppercased() }
      parts.append(msix ? "MSI-X" : "INTx")
      parts.append(ioeventfd ? "ioeventfd" : "no ioeventfd")
      parts.append(ioeventfd && iothread ? "iothread" : (ioeventfd ? "main loop" : "vCPU thread"))
      if postedInterrupts { parts.append("posted interrupts") }
      let kind = direction == .tx ? "write" : "read"
      return "\(packets) × \(bytes)-byte \(kind), batch \(batch); queue \(queueSize); " + parts.joined(separator: ", ")
    case .virtio, .increment:
      var parts: [String] = features.names.map { $0.uppercased() }
      parts.append(msix ? "MSI-X" : "INTx")
      parts.append(vhost ? "vhost" : (ioeventfd ? "ioeventfd" : "no ioeventfd"))
      if postedInterrupts { parts.append("posted interrupts") }
      if deviceOnOwnThread && flow == .virtio && direction == .tx { parts.append(overlap ? "overlap" : "no overlap") }
      let workload = flow == .increment
        ? "\(packets) request(s) from \(incrementValue)"
        : "\(direction.displayName), \(packets) × \(bytes) B, batch \(batch)"
      return "\(workload); queue \(queueSize); " + parts.joined(separator: ", ")
    }
  }
}
