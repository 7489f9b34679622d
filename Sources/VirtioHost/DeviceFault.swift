/// A deliberate device bug for the fault lesson: the device breaks the used-ring rules, and the guest's Linux
/// driver reports it (`BAD_RING` in `drivers/virtio/virtio_ring.c`, `virtqueue_get_buf_ctx_split`).
public enum DeviceFault: String, CaseIterable, Sendable {
  /// `used.ring[].id` ≥ queue size. Linux: "id %u out of range".
  case usedIDOutOfRange = "used-id-out-of-range"
  /// `used.ring[].id` names a descriptor that is not an outstanding head. Linux: "id %u is not a head!".
  case usedIDNotHead = "used-id-not-head"

  /// The bad id the device returns for a chain with `head` on a queue of `size`.
  func badID(head: UInt16, size: Int) -> UInt32 {
    switch self {
    case .usedIDOutOfRange: return UInt32(size) + 3
    case .usedIDNotHead: return UInt32((Int(head) + 1) % max(size, 2))
    }
  }

  /// What the Linux driver prints for this fault (the message the fault test looks for on the console).
  public var linuxComplaint: String {
    switch self {
    case .usedIDOutOfRange: return "out of range"
    case .usedIDNotHead: return "is not a head"
    }
  }
}
