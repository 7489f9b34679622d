/// A chain the driver took back from the used ring.
public struct UsedBuffer: Equatable, Sendable {
  /// The head the device returned in `used.ring[].id`.
  public var head: UInt16
  /// Bytes the device says it wrote (`used.ring[].len`).
  public var length: UInt32
  /// The first `length` bytes of the writable buffers (what the device wrote), capped at their capacity.
  public var written: [UInt8]
}

extension SplitDriver {
  /// Takes back the next used chain, if any (Linux `virtqueue_get_buf_ctx_split`): reads `used.idx`, a read barrier,
  /// then `used.ring[last_used_idx % N]`, checking the id the device returned. With `collectWritten` off the bytes
  /// the device wrote are left in the buffers (as Linux's `get_buf` returns only the token and the length).
  ///
  /// - Throws: `used-id-out-of-range` or `used-id-not-head` (the driver then marks the queue broken, as Linux's
  ///   `BAD_RING` does).
  @inline(__always) public mutating func reclaimOne(memory: inout GuestMemory, trace: inout Trace, collectWritten: Bool = true)
    throws(VirtqueueError) -> UsedBuffer?
  {
    guard !isBroken else { throw VirtqueueError(.queueBroken, "virtqueue is broken; get_buf returns NULL") }
    if !inOrder && !trace.isEnabled, let ring = memory.splitRing(layout) {
      return try reclaimUntraced(ring: ring, collectWritten: collectWritten, memory: &memory)
    }
    return try reclaimChecked(memory: &memory, trace: &trace, collectWritten: collectWritten)
  }

  /// ``reclaimOne(memory:trace:collectWritten:)`` with VIRTIO_F_IN_ORDER, the trace on or the rings outside one plain
  /// view (out of line, so that the bus inlines only the common case).
  @inline(never) mutating func reclaimChecked(memory: inout GuestMemory, trace: inout Trace, collectWritten: Bool)
    throws(VirtqueueError) -> UsedBuffer?
  {
    if inOrder { return try reclaimInOrder(memory: &memory, trace: &trace, collectWritten: collectWritten) }
    guard let (_, head, length) = try readUsedElement(memory: &memory, trace: &trace) else { return nil }
    return try finishReclaim(head: head, length: length, collectWritten: collectWritten, memory: &memory, trace: &trace)
  }

  /// Reads the used element at `last_used_idx`, nil when `used.idx` has not moved: `used.idx`, a read barrier, then
  /// `used.ring[last_used_idx % N]`, checking that its id is a chain the driver has outstanding.
  ///
  /// - Throws: `used-id-out-of-range` or `used-id-not-head`, after marking the queue broken (Linux `BAD_RING`).
  mutating func readUsedElement(memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> (slot: Int, head: UInt16, length: UInt32)?
  {
    let ring = memory.holdsRing(layout)
    let usedIdx: UInt16 = try memory.tracedLoad(UInt16.self, field: .usedIdx, at: layout.usedIdx, by: .driver, trace: &trace, ring: ring)
    guard usedIdx != lastUsedIdx else { return nil }
    trace.record(role: .driver, kind: .barrier, code: .barrier(.driverReadUsed))
    memory.acquireFence()
    let slot = layout.slot(lastUsedIdx)
    let id: UInt32 = try memory.tracedLoad(UInt32.self, field: .usedRingID(slot), at: layout.usedElement(slot), by: .driver, trace: &trace, ring: ring)
    let length: UInt32 = try memory.tracedLoad(UInt32.self, field: .usedRingLen(slot), at: layout.usedElement(slot) + 4, by: .driver, trace: &trace, ring: ring)
    guard id < UInt32(layout.size), state[Int(id)].isOutstanding else { throw badUsedID(id, slot: slot) }
    return (slot, UInt16(id), length)
  }

  /// ``reclaimOne(memory:trace:collectWritten:)``'s common case: the trace off and the rings in one view of plain
  /// memory. The same steps as ``readUsedElement(memory:trace:)`` then
  /// ``finishReclaim(head:length:collectWritten:memory:trace:)``: `used.idx`, a read barrier, `used.ring[slot]`
  /// checked, the chain detached, `last_used_idx` on, and with EVENT_IDX and interrupts on, `used_event`.
  @inline(__always) private mutating func reclaimUntraced(ring: SplitRingView, collectWritten: Bool, memory: inout GuestMemory)
    throws(VirtqueueError) -> UsedBuffer?
  {
    guard ring.usedIdx != lastUsedIdx else { return nil }
    memory.acquireFence()
    let slot = layout.slot(lastUsedIdx)
    let (id, length) = ring.usedElement(slot)
    guard id < UInt32(layout.size), state[Int(id)].isOutstanding else { throw badUsedID(id, slot: slot) }
    let head = UInt16(truncatingIfNeeded: id)
    let written = collectWritten ? readWritten(head: head, length: length, memory: memory) : []
    detach(head: head)
    advanceLastUsed()
    if features.contains(.eventIdx) && interruptsEnabled { ring.usedEvent = lastUsedIdx }
    return UsedBuffer(head: head, length: length, written: written)
  }

  /// A used id that is out of range or not an outstanding head: the queue is marked broken (Linux `BAD_RING`) and
  /// the error named (out of line: message building stays off the hot path).
  @inline(never) private mutating func badUsedID(_ id: UInt32, slot: Int) -> VirtqueueError {
    markBroken()
    guard id < UInt32(layout.size) else {
      return VirtqueueError(.usedIDOutOfRange, "id \(id) out of range (queue size \(layout.size)) in used.ring[\(slot)]")
    }
    return VirtqueueError(.usedIDNotHead, "id \(id) is not a head! (used.ring[\(slot)]; no outstanding chain starts there)")
  }

  /// Hands chain `head` back: the bytes the device wrote (when `collectWritten`), the chain's descriptors to the free
  /// list, `last_used_idx` one further, and with EVENT_IDX and interrupts on, `avail.used_event` = `last_used_idx`.
  mutating func finishReclaim(
    head: UInt16, length: UInt32, collectWritten: Bool, memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) -> UsedBuffer {
    let written = collectWritten ? readWritten(head: head, length: length, memory: memory) : []
    detach(head: head)
    let oldLast = lastUsedIdx
    advanceLastUsed()
    trace.record(
        role: .driver, kind: .index, value: UInt64(lastUsedIdx), oldValue: UInt64(oldLast), code: .index(.lastUsedIdx))
    trace.record(
        role: .driver, kind: .reclaimed, value: UInt64(head), code: .reclaimed(length: length, numFree: numFree))
    if features.contains(.eventIdx) && interruptsEnabled {
      try memory.tracedStore(
        lastUsedIdx, field: .usedEvent, at: layout.usedEvent, by: .driver, trace: &trace, ring: memory.holdsRing(layout))
    }
    return UsedBuffer(head: head, length: length, written: written)
  }

  /// Reclaims every used chain currently visible.
  public mutating func reclaimAll(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> [UsedBuffer] {
    var result: [UsedBuffer] = []
    while let used = try reclaimOne(memory: &memory, trace: &trace) { result.append(used) }
    return result
  }

  /// The first `length` bytes of the chain's writable buffers, in chain order.
  func readWritten(head: UInt16, length: UInt32, memory: GuestMemory) -> [UInt8] {
    var remaining = Int(length)
    var bytes: [UInt8] = []
    guard remaining > 0 else { return bytes }
    bytes.reserveCapacity(min(remaining, 1 << 16))
    for buffer in record(of: head).buffers where buffer.isWritable && remaining > 0 {
      let n = min(remaining, Int(buffer.length))
      try? memory.append(from: buffer.address, count: n, to: &bytes)
      remaining -= n
    }
    return bytes
  }

  /// Turns used-buffer notifications on or off (Linux `virtqueue_enable_cb_prepare_split` /
  /// `virtqueue_disable_cb_split`): `avail.flags` NO_INTERRUPT without EVENT_IDX; with EVENT_IDX, enabling writes
  /// `used_event = last_used_idx` and disabling writes `used_event = 0` (Linux's own choice, so the device only
  /// interrupts again when `used.idx` crosses 0).
  public mutating func setInterrupts(enabled: Bool, memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    setInterruptsEnabled(enabled)
    trace.record(TraceEntry(role: .driver, kind: .notifications, detail: enabled ? "driver enables used-buffer notifications" : "driver disables used-buffer notifications"))
    if features.contains(.eventIdx) {
      try memory.tracedStore(enabled ? lastUsedIdx : 0, field: .usedEvent, at: layout.usedEvent, by: .driver, trace: &trace)
    } else {
      try memory.tracedStore(enabled ? 0 : RingFlags.availNoInterrupt, field: .availFlags, at: layout.availFlags, by: .driver, trace: &trace)
    }
  }
}
