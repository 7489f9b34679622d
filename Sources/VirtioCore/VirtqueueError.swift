/// A named error detected by the driver or the device, as a real implementation would report it.
///
/// Each ``Kind`` names one malformed-ring condition (kebab-case in the CLI and JSON) and documents which
/// real implementation detects it and with which message (see `reference/virtio.md` §5). The `message`
/// carries the concrete values, phrased like the implementation's own message.
public struct VirtqueueError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The condition that was detected.
  public enum Kind: String, CaseIterable, Equatable, Hashable, Sendable {
    /// The available index moved more than the queue size past the device's `last_avail_idx`.
    /// QEMU `virtqueue_num_heads`: "Guest moved used index from %u to %u"; vhost: "Guest moved avail index from %u to %u";
    /// rust-vmm `InvalidAvailRingIndex`.
    case availIndexJump = "avail-index-jump"
    /// `avail.ring[i]` names a descriptor index ≥ queue size.
    /// QEMU `virtqueue_get_head`: "Guest says index %u is available"; vhost: "Guest says index %u > %u is available".
    case headOutOfRange = "head-out-of-range"
    /// A descriptor has NEXT set and `next` ≥ queue size (or ≥ the indirect table's length).
    /// QEMU `virtqueue_split_read_next_desc`: "Desc next is %u"; vhost: "Desc index is %u > %u, head = %u".
    case nextOutOfRange = "next-out-of-range"
    /// A chain visits more descriptors than the table holds, so it must loop.
    /// QEMU `virtqueue_split_pop`: "Looped descriptor"; vhost: "Loop detected: last one at %u vq size %u head %u".
    case loopedDescriptor = "looped-descriptor"
    /// An INDIRECT descriptor whose `len` is 0 or not a multiple of 16.
    /// QEMU: "Invalid size for indirect buffer table"; vhost: "Invalid length in indirect descriptor";
    /// rust-vmm `InvalidIndirectDescriptorTable`.
    case indirectBadSize = "indirect-bad-size"
    /// An indirect table with more than 65536 entries, which a 16-bit `next` cannot address.
    /// vhost `get_indirect`: "Indirect buffer length too big: %d"; rust-vmm `InvalidIndirectDescriptorTable`.
    case indirectTooLarge = "indirect-too-large"
    /// An INDIRECT descriptor inside an indirect table ("only one table per descriptor").
    /// vhost: "Nested indirect descriptor: idx %d"; rust-vmm `InvalidIndirectDescriptor`.
    case nestedIndirect = "nested-indirect"
    /// A descriptor with both INDIRECT and NEXT set. The spec forbids it (2.7.5.3.1 Driver Requirements:
    /// Indirect Descriptors); QEMU and vhost do not check it, so the tutor reports what the spec requires.
    case indirectWithNext = "indirect-with-next"
    /// INDIRECT used although VIRTIO_F_INDIRECT_DESC was not negotiated (spec 2.7.5.3.1: the driver MUST NOT).
    /// The Linux driver refuses to build such a chain; the tutor's device rejects it as a spec violation.
    case indirectNotNegotiated = "indirect-not-negotiated"
    /// A device-readable descriptor after a device-writable one.
    /// QEMU: "Incorrect order for descriptors"; vhost: "Descriptor has out after in: idx %d".
    case readableAfterWritable = "readable-after-writable"
    /// A buffer descriptor with `len == 0`. QEMU `virtqueue_map_desc`: "virtio: zero sized buffers are not allowed".
    case zeroLengthBuffer = "zero-length-buffer"
    /// An address range outside guest memory, including 64-bit overflow of `addr + len`.
    /// QEMU: "virtio: bogus descriptor or out of resources" / "Cannot map indirect buffer";
    /// vhost: "Translation failure"; rust-vmm `AddressOverflow` / `GuestMemory`.
    case addressOutOfRange = "address-out-of-range"
    /// A ring area not aligned as the spec requires (16, 2, 4; 2.7 Split Virtqueues).
    /// rust-vmm `InvalidDescTableAlign` / `InvalidAvailRingAlign` / `InvalidUsedRingAlign`.
    case misalignedRing = "misaligned-ring"
    /// A queue size of 0, above 32768, or not a power of two (2.7 Split Virtqueues).
    /// rust-vmm `InvalidSize`; Linux `vring_create_virtqueue_split`: "Bad virtqueue length %u".
    case invalidQueueSize = "invalid-queue-size"
    /// The queue was used before the driver set DRIVER_OK (3.1.1 Driver Requirements: Device Initialization).
    /// rust-vmm `QueueNotReady`: "trying to process requests on a queue that's not ready".
    case queueNotReady = "queue-not-ready"
    /// More chains in flight than the queue size. QEMU `virtqueue_split_pop`: "Virtqueue size exceeded".
    case tooManyInFlight = "too-many-in-flight"
    /// The device returned a used id ≥ queue size. Linux `virtqueue_get_buf_ctx_split`: "id %u out of range".
    case usedIDOutOfRange = "used-id-out-of-range"
    /// The device returned an id that is not an outstanding head (a duplicate completion or a non-head index).
    /// Linux `virtqueue_get_buf_ctx_split`: "id %u is not a head!".
    case usedIDNotHead = "used-id-not-head"
    /// The driver accepted a feature the device did not offer (2.2.1: the driver MUST NOT), and the strict device
    /// (`device strict=on`) refuses FEATURES_OK, as 2.2.2 allows. QEMU masks the bit instead
    /// (`virtio_set_features_nocheck`) and keeps FEATURES_OK.
    case featureNotOffered = "feature-not-offered"
    /// A device status write out of the order the spec requires (3.1.1 Device Initialization), e.g. DRIVER_OK
    /// before FEATURES_OK, or clearing a bit without a reset (2.1.1: "The driver MUST NOT clear a device status bit").
    case statusOutOfOrder = "status-out-of-order"
    /// Not enough free descriptors for the chain. Linux `virtqueue_add_split`: "Can't add buf len %i - avail = %i"
    /// (returns -ENOSPC). Not a ring corruption: the queue keeps working.
    case queueFull = "queue-full"
    /// The queue is broken after an earlier error. Linux marks the virtqueue `broken` and refuses adds (-EIO);
    /// QEMU ignores notifications for a broken device until it is reset.
    case queueBroken = "queue-broken"
  }

  /// The condition that was detected.
  public let kind: Kind
  /// A message with the concrete values, phrased like the detecting implementation's message.
  public let message: String

  /// Creates an error of the given kind.
  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public var description: String { "\(kind.rawValue): \(message)" }

  /// Whether the device detected this error (and therefore stops the queue and sets DEVICE_NEEDS_RESET).
  public var isDeviceSide: Bool {
    switch kind {
    case .usedIDOutOfRange, .usedIDNotHead, .featureNotOffered, .statusOutOfOrder, .queueFull, .queueBroken:
      return false
    case .misalignedRing, .invalidQueueSize:
      return false
    default:
      return true
    }
  }
}
