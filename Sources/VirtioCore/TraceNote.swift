/// What a trace entry says, kept as plain values and turned into a sentence only when someone reads it
/// (``TraceEntry/detail``): recording an entry formats no text.
public enum TraceNote: Equatable, Hashable, Sendable {
  /// A ring field read: `desc[0].len → 64` (from the entry's field and value).
  case fieldRead
  /// A ring field written: `avail.idx = 1`.
  case fieldWrite
  /// A barrier the spec requires here.
  case barrier(Barrier)
  /// A private index moved: `last_avail_idx 0 → 1` (old and new in the entry).
  case index(String)
  /// The driver added a chain (head in the entry's value).
  case chainAdded(readable: Int, writable: Int, indirect: Bool, slot: Int, numFree: Int)
  /// The driver published `avail.idx` (old and new in the entry).
  case published
  /// The driver's kick decision and why.
  case kick(Decision)
  /// The device took a chain (head in the entry's value).
  case popped(buffers: Int, readable: UInt64, writable: UInt64, indirect: Bool)
  /// The device returned a chain (`used.ring[slot] = {id, len}`; new `used.idx` in the entry).
  case pushed(slot: Int, id: UInt16, length: UInt32)
  /// The device's interrupt decision and why.
  case interrupt(Decision)
  /// The driver took back a chain (head in the entry's value).
  case reclaimed(length: UInt32, numFree: Int)
  /// The driver filled a buffer it is about to hand over.
  case bufferFilled
  /// The device read a buffer.
  case bufferRead
  /// The device wrote into a buffer.
  case bufferWritten
  /// Anything else, as a sentence.
  case text(String)
  /// A packed-ring event (``PackedTraceNote``).
  case packed(PackedTraceNote)

  /// A barrier and the ordering it gives.
  public enum Barrier: Equatable, Hashable, Sendable {
    case driverPublish, driverBeforeKickCheck, driverReadUsed, devicePop, devicePush, deviceBeforeInterruptCheck

    public var sentence: String {
      switch self {
      case .driverPublish: return "virtio_wmb(): descriptors and ring entries are visible before avail.idx"
      case .driverBeforeKickCheck: return "virtio_mb(): avail.idx is published before the driver reads the device's suppression state"
      case .driverReadUsed: return "virtio_rmb(): read used.idx before the used element"
      case .devicePop: return "smp_rmb(): read avail.idx before the ring entry and descriptors"
      case .devicePush: return "smp_wmb(): the used element is written before used.idx"
      case .deviceBeforeInterruptCheck: return "smp_mb(): expose used entries before checking the driver's suppression state"
      }
    }
  }

  /// Why a side did or did not notify the other.
  public enum Decision: Equatable, Hashable, Sendable {
    /// `vring_need_event(avail_event, new, old)` (the driver, EVENT_IDX).
    case availEvent(event: UInt16, new: UInt16, old: UInt16, needed: Bool)
    /// `vring_need_event(used_event, new, old)` (the device, EVENT_IDX).
    case usedEvent(event: UInt16, new: UInt16, old: UInt16, needed: Bool)
    /// The first interrupt decision under EVENT_IDX (QEMU's `signalled_used_valid` is false).
    case firstInterrupt
    /// `used.flags` with or without `VRING_USED_F_NO_NOTIFY`.
    case usedFlags(noNotify: Bool)
    /// `avail.flags` with or without `VRING_AVAIL_F_NO_INTERRUPT`.
    case availFlags(noInterrupt: Bool)

    public var reason: String {
      switch self {
      case .availEvent(let event, let new, let old, let needed):
        return "vring_need_event(avail_event=\(event), new=\(new), old=\(old)) is \(needed)"
      case .usedEvent(let event, let new, let old, let needed):
        return "vring_need_event(used_event=\(event), new=\(new), old=\(old)) is \(needed)"
      case .firstInterrupt: return "first interrupt decision (signalled_used not yet valid)"
      case .usedFlags(let set): return set ? "the device set VRING_USED_F_NO_NOTIFY" : "used.flags has no NO_NOTIFY"
      case .availFlags(let set): return set ? "the driver set VRING_AVAIL_F_NO_INTERRUPT" : "avail.flags has no NO_INTERRUPT"
      }
    }
  }
}
