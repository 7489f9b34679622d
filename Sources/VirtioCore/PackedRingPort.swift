/// The descriptor ring as one operation reaches it: through one pointer checked once at the start of the operation
/// when nobody records the accesses (trace off, no write log), as QEMU's region cache and Linux's mapped ring do;
/// otherwise through ``GuestMemory``'s checked, traced accessors, one per field, exactly as before.
///
/// Only the ring itself goes through the port: the slot is always below the queue size (every slot comes from
/// ``PackedLayout/advance(_:by:)``), and the range `[ring, ring + 16·N)` was checked when the queue was created and
/// is checked again here. Guest-supplied buffer addresses and lengths never go through it: they are checked on
/// every access.
struct PackedRingPort {
  let layout: PackedLayout
  /// The ring in this process, or nil when the accesses must be checked and recorded one by one.
  private let ring: UnsafeMutableRawPointer?

  /// The port for one operation on `memory` with `trace`.
  @inline(__always) init(layout: PackedLayout, memory: inout GuestMemory, trace: Trace) {
    self.layout = layout
    if trace.isEnabled || memory.isJournaling {
      ring = nil
    } else {
      ring = try? memory.writablePointer(layout.descriptorRing, layout.descriptorRingSize)
    }
  }

  /// Reads `part` of `desc[slot]` (little-endian), traced as `role`'s read when the trace is on.
  @inline(__always) func load<T: FixedWidthInteger & UnsignedInteger>(
    _: T.Type, _ slot: Int, _ part: PackedDescriptorPart, by role: Role, memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) -> T {
    if let ring, slot >= 0, slot < layout.size {
      return T(littleEndian: (ring + (16 &* slot &+ Int(part.offset))).loadUnaligned(as: T.self))
    }
    return try memory.tracedLoad(T.self, field: .packed(.descriptor(slot, part)), at: layout.descriptor(slot) + part.offset, by: role, trace: &trace)
  }

  /// Writes `part` of `desc[slot]` (little-endian), traced as `role`'s write when the trace is on.
  @inline(__always) func store<T: FixedWidthInteger & UnsignedInteger>(
    _ value: T, _ slot: Int, _ part: PackedDescriptorPart, by role: Role, memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) {
    if let ring, slot >= 0, slot < layout.size {
      (ring + (16 &* slot &+ Int(part.offset))).storeBytes(of: value.littleEndian, as: T.self)
      return
    }
    try memory.tracedStore(value, field: .packed(.descriptor(slot, part)), at: layout.descriptor(slot) + part.offset, by: role, trace: &trace)
  }
}
