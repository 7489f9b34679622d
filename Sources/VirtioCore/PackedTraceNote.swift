/// What a packed-ring trace entry says, kept as plain values (no text is built when the entry is recorded); the
/// sentence is made by ``sentence(of:)`` when someone reads ``TraceEntry/detail``.
///
/// Slots and counts are stored narrow (a packed queue has at most 32768 slots) so that the note fits in the
/// space ``TraceNote`` already has, and a ``TraceEntry`` does not grow.
public enum PackedTraceNote: Equatable, Hashable, Sendable {
  /// A barrier of the packed ring, with the slot it orders where the sentence names one.
  case barrier(Barrier, slot: Int32)
  /// The driver wrote a chain from `slot` (Buffer ID in the entry's value).
  case added(slot: Int32, readable: Int32, writable: Int32, indirect: Bool, numFree: Int32)
  /// The driver passed the last slot (old and new avail wrap counter in the entry).
  case availWrapFlipped
  /// The driver wrote a chain's held-back first flags (next_avail_idx in the entry's value).
  case published(slot: Int32, flags: UInt16, count: Int32, wrap: Bool)
  /// The driver's kick decision from the Device Event Suppression structure.
  case kick(flags: UInt16, offWrap: UInt16, wrap: Bool, new: UInt16, old: UInt16)
  /// The driver's `last_used_idx` moved (old and new in the entry); `wrapped`: the used wrap counter flipped to `wrap`.
  case lastUsed(wrapped: Bool, wrap: Bool)
  /// The driver took back a buffer (Buffer ID in the entry's value).
  case reclaimed(length: UInt32, numFree: Int32)
  /// The device found `desc[slot]` not available for its wrap counter.
  case notAvailable(slot: Int32, flags: UInt16, wrap: Bool)
  /// The device's `last_avail_idx` moved (old and new in the entry).
  case lastAvail(wrapped: Bool, wrap: Bool)
  /// The device took a chain from `slot` (Buffer ID in the entry's value).
  case popped(slot: Int32, slots: Int32, buffers: Int32, readable: UInt64, writable: UInt64, indirect: Bool)
  /// The device's `used_idx` moved by a batch of `count` buffers (old and new in the entry).
  case usedIdx(count: Int32, wrapped: Bool, wrap: Bool)
  /// The device wrote a used descriptor.
  case used(slot: Int32, id: UInt16, length: UInt32, flags: UInt16)
  /// The device's interrupt decision from the Driver Event Suppression structure.
  case interrupt(flags: UInt16, offWrap: UInt16, wrap: Bool, new: UInt16, old: UInt16, valid: Bool)
  /// The driver filled, or the device read or wrote, the buffer at the entry's address and length.
  case buffer(BufferAccess)

  /// What a side did with a buffer's bytes.
  public enum BufferAccess: Equatable, Hashable, Sendable {
    case driverFilled, deviceRead, deviceWrote
  }

  /// The packed ring's barriers.
  public enum Barrier: Equatable, Hashable, Sendable {
    case publish, beforeKickCheck, readUsed, afterEventWrite, pop, push, beforeInterruptCheck
  }

  /// The sentence, from the note and the entry's value, old value, kind, address and length.
  public func sentence(of entry: TraceEntry) -> String {
    func bit(_ b: Bool) -> Int { b ? 1 : 0 }
    let v = entry.value ?? 0
    let old = entry.oldValue ?? 0
    let kind = entry.kind
    switch self {
    case .barrier(let barrier, let slot):
      switch barrier {
      case .publish: return "virtio_wmb(): the chain is written before desc[\(slot)].flags makes it available"
      case .beforeKickCheck: return "virtio_mb(): the descriptors are published before the driver reads the device's event suppression"
      case .readUsed: return "virtio_rmb(): read desc[\(slot)].flags before its id and len"
      case .afterEventWrite: return "virtio_store_mb(): driver_event.off_wrap is visible before the next get_buf"
      case .pop: return "smp_rmb(): read desc[\(slot)].flags before the rest of the descriptor"
      case .push: return "smp_wmb(): id and len are written before desc[\(slot)].flags marks the batch used"
      case .beforeInterruptCheck: return "smp_mb(): expose used descriptors before checking the driver's event suppression"
      }
    case .added(let slot, let readable, let writable, let indirect, let numFree):
      return "buffer id \(v) at desc[\(slot)]: \(readable) readable + \(writable) writable buffer(s)"
        + (indirect ? " in an indirect table" : "") + "; desc[\(slot)].flags held back; \(numFree) descriptors free"
    case .availWrapFlipped:
      return "driver passed the last slot: avail wrap counter \(old) → \(v)"
    case .published(let slot, let flags, let count, let wrap):
      return "desc[\(slot)].flags = \(PackedDescriptorFlags(rawValue: flags)): \(count) descriptor(s) now available; next_avail_idx \(v), wrap \(bit(wrap))"
    case .kick(let flags, let offWrap, let wrap, let new, let old):
      return (kind == .kick ? "notify the device: " : "no notification: ")
        + PackedDriver.kickReason(flags: flags, offWrap: offWrap, wrap: wrap, new: new, old: old, needs: kind == .kick)
    case .lastUsed(let wrapped, let wrap):
      return "last_used_idx \(old) → \(v)" + (wrapped ? ", used wrap counter → \(bit(wrap))" : "")
    case .reclaimed(let length, let numFree):
      return "took back buffer id \(v) (\(byteCount(length)) written); \(numFree) descriptors free"
    case .notAvailable(let slot, let flags, let wrap):
      return "desc[\(slot)].flags = \(PackedDescriptorFlags(rawValue: flags)) is not available for wrap \(bit(wrap)): nothing new, notification ignored"
    case .lastAvail(let wrapped, let wrap):
      return "last_avail_idx \(old) → \(v)" + (wrapped ? ", avail wrap counter → \(bit(wrap))" : "")
    case .popped(let slot, let slots, let buffers, let readable, let writable, let indirect):
      return "took buffer id \(v) from desc[\(slot)] (\(slots) slot(s)): \(buffers) buffer(s), \(byteCount(readable)) readable, \(writable) writable"
        + (indirect ? ", via an indirect table" : "")
    case .usedIdx(let count, let wrapped, let wrap):
      return "used_idx \(old) → \(v) after \(count) buffer(s)" + (wrapped ? ", used wrap counter → \(bit(wrap))" : "")
    case .used(let slot, let id, let length, let flags):
      return "desc[\(slot)] = used {id \(id), len \(length), \(PackedDescriptorFlags(rawValue: flags))}"
    case .interrupt(let flags, let offWrap, let wrap, let new, let old, let valid):
      return (kind == .interrupt ? "interrupt the driver: " : "no interrupt: ")
        + PackedDevice.interruptReason(flags: flags, offWrap: offWrap, wrap: wrap, new: new, old: old, valid: valid, needs: kind == .interrupt)
    case .buffer(let access):
      let length = entry.length ?? 0, address = hex(entry.address ?? 0)
      switch access {
      case .driverFilled: return "driver fills a \(length)-byte buffer at \(address)"
      case .deviceRead: return "device reads \(byteCount(length)) at \(address)"
      case .deviceWrote: return "device writes \(byteCount(length)) at \(address)"
      }
    }
  }
}
