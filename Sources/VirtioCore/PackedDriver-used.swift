extension PackedDriver {
  /// Takes back the next used buffer, if any (Linux `virtqueue_get_buf_ctx_packed`): `desc[last_used].flags`
  /// against the used wrap counter, a read barrier, then `id` and `len`, checking the id; the driver skips the
  /// chain's `desc_state[id].num` slots and flips its wrap counter at the ring end. With VIRTIO_F_IN_ORDER a used
  /// descriptor may stand for a whole batch (Linux `virtqueue_get_buf_ctx_packed_in_order`).
  ///
  /// - Throws: `used-id-out-of-range` or `used-id-not-head` (the driver then marks the queue broken, as Linux's
  ///   `BAD_RING` does).
  public mutating func reclaimOne(memory: inout GuestMemory, trace: inout Trace, collectWritten: Bool = true)
    throws(VirtqueueError) -> UsedBuffer?
  {
    guard !isBroken else { throw VirtqueueError(.queueBroken, "virtqueue is broken; get_buf returns NULL") }
    if !inOrder, !trace.isEnabled, let ring = memory.packedRing(layout) {
      // Nothing used yet (the common answer of a polling driver) is decided here, without the call.
      guard PackedDescriptorFlags(rawValue: ring.flags(lastUsedIdx)).isUsed(wrap: usedWrapCounter) else { return nil }
      return try reclaimUntraced(ring, collectWritten: collectWritten, memory: &memory)
    }
    return try reclaimTraced(memory: &memory, trace: &trace, collectWritten: collectWritten)
  }

  /// ``reclaimOne(memory:trace:collectWritten:)`` through the checked, traced accessors, and every case with
  /// VIRTIO_F_IN_ORDER (out of line).
  @inline(never) private mutating func reclaimTraced(memory: inout GuestMemory, trace: inout Trace, collectWritten: Bool)
    throws(VirtqueueError) -> UsedBuffer?
  {
    let slot = lastUsedIdx
    let id: UInt16
    let length: UInt32
    if inOrder {
      if batchLastID == nil {
        guard let used = try readUsed(memory: &memory, trace: &trace) else { return nil }
        batchLast = used
      }
      id = UInt16(slot)
      guard isOutstanding(id) else { throw broken(.usedIDNotHead, "id \(id) is not a head! (in-order batch reaches desc[\(slot)], where no buffer starts)") }
      if batchLastID == id {
        length = batchLastLength
        batchLast = nil
      } else {
        length = UInt32(clamping: writableLength(of: id))
      }
    } else {
      guard let used = try readUsed(memory: &memory, trace: &trace) else { return nil }
      (id, length) = used
    }
    let state = idStates[Int(id)]
    let written = collectWritten ? readWritten(id, state, length: length, memory: memory) : []
    detach(id, state)
    let (next, wrapped) = layout.advance(slot, by: state.slotCount)
    lastUsedIdx = next
    if wrapped { usedWrapCounter.toggle() }
    let wrap = usedWrapCounter
    trace.record(role: .driver, kind: .index, value: UInt64(next), oldValue: UInt64(slot), code: .packed(.lastUsed(wrapped: wrapped, wrap: wrap)))
    let free = numFree
    trace.record(role: .driver, kind: .reclaimed, value: UInt64(id), code: .packed(.reclaimed(length: length, numFree: Int32(free))))
    if eventFlagsShadow == PackedEvent.desc {
      try memory.tracedStore(offWrapOfLastUsed, field: .packed(.driverEvent(.offWrap)), at: layout.driverEvent, by: .driver, trace: &trace)
      trace.record(role: .driver, kind: .barrier, code: .packed(.barrier(.afterEventWrite, slot: 0)))
      memory.fullFence()
    }
    return UsedBuffer(head: id, length: length, written: written)
  }

  /// Reclaims every used buffer currently visible.
  public mutating func reclaimAll(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> [UsedBuffer] {
    var result: [UsedBuffer] = []
    while let used = try reclaimOne(memory: &memory, trace: &trace) { result.append(used) }
    return result
  }

  /// `last_used_idx | used_wrap_counter << 15`, as the driver writes it to `driver_event.off_wrap`.
  public var offWrapOfLastUsed: UInt16 { PackedEvent.offWrap(offset: UInt16(lastUsedIdx), wrap: usedWrapCounter) }

  /// Reads the used descriptor at `last_used_idx`, or nil if the slot is not used for this lap; checks the id.
  private mutating func readUsed(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> (UInt16, UInt32)? {
    let slot = lastUsedIdx
    let port = PackedRingPort(layout: layout, memory: &memory, trace: trace)
    let raw = try port.load(UInt16.self, slot, .flags, by: .driver, memory: &memory, trace: &trace)
    guard PackedDescriptorFlags(rawValue: raw).isUsed(wrap: usedWrapCounter) else { return nil }
    trace.record(role: .driver, kind: .barrier, code: .packed(.barrier(.readUsed, slot: Int32(slot))))
    memory.acquireFence()
    let id = try port.load(UInt16.self, slot, .id, by: .driver, memory: &memory, trace: &trace)
    let length = try port.load(UInt32.self, slot, .len, by: .driver, memory: &memory, trace: &trace)
    guard isOutstanding(id) else { throw badUsedID(id, slot: slot) }
    return (id, length)
  }

  /// ``reclaimOne(memory:trace:collectWritten:)``'s common case without VIRTIO_F_IN_ORDER: the trace off and the
  /// ring in one view of plain memory. The same steps as ``readUsed(memory:trace:)`` and the rest of
  /// ``reclaimOne(memory:trace:collectWritten:)``: (the caller found `desc[last_used].flags` used for the used wrap
  /// counter), a read barrier, `id` and `len`, the id checked, the chain detached, `last_used_idx` on, and with
  /// DESC, `driver_event.off_wrap` and a full barrier.
  private mutating func reclaimUntraced(_ ring: PackedRingView, collectWritten: Bool, memory: inout GuestMemory)
    throws(VirtqueueError) -> UsedBuffer
  {
    let slot = lastUsedIdx
    memory.acquireFence()
    let (id, length) = ring.used(slot)
    guard isOutstanding(id) else { throw badUsedID(id, slot: slot) }
    let state = idStates[Int(id)]
    let written = collectWritten ? readWritten(id, state, length: length, memory: memory) : []
    detach(id, state)
    let (next, wrapped) = layout.advance(slot, by: state.slotCount)
    lastUsedIdx = next
    if wrapped { usedWrapCounter.toggle() }
    if eventFlagsShadow == PackedEvent.desc {
      ring.driverOffWrap = offWrapOfLastUsed
      memory.fullFence()
    }
    return UsedBuffer(head: id, length: length, written: written)
  }

  /// A used id that is out of range or not an outstanding buffer's: the queue is marked broken (Linux `BAD_RING`)
  /// and the error named (out of line: message building stays off the hot path).
  @inline(never) private mutating func badUsedID(_ id: UInt16, slot: Int) -> VirtqueueError {
    guard Int(id) < layout.size else {
      return broken(.usedIDOutOfRange, "id \(id) out of range (queue size \(layout.size)) in desc[\(slot)]")
    }
    return broken(.usedIDNotHead, "id \(id) is not a head! (desc[\(slot)]; no outstanding buffer has this id)")
  }

  private mutating func broken(_ kind: VirtqueueError.Kind, _ message: String) -> VirtqueueError {
    markBroken()
    return VirtqueueError(kind, message)
  }

  /// Linux `detach_buf_packed`: the chain's `desc_extra` entries go to the front of the free list (LIFO).
  @inline(__always) private mutating func detach(_ id: UInt16, _ state: IDState) {
    if !inOrder {
      links[Int(state.last)] = freeHead
      freeHead = id
    }
    numFree += state.slotCount
    idStates[Int(id)].isOutstanding = false
    outstandingCount -= 1
    releaseBuffers(of: id, state)
  }

  /// The bytes the device wrote, read from the chain's writable buffers as the driver recorded them.
  private func readWritten(_ id: UInt16, _ state: IDState, length: UInt32, memory: GuestMemory) -> [UInt8] {
    var remaining = Int(length)
    var bytes: [UInt8] = []
    for buffer in record(of: id).buffers where buffer.isWritable && remaining > 0 {
      let n = min(remaining, Int(buffer.length))
      try? memory.append(from: buffer.address, count: n, to: &bytes)
      remaining -= n
    }
    return bytes
  }

  /// Total bytes of the chain's device-writable buffers.
  private func writableLength(of id: UInt16) -> UInt64 {
    let state = idStates[Int(id)]
    if state.indirectTable != nil {
      return (indirectBuffers[id] ?? []).filter(\.isWritable).reduce(0) { $0 + UInt64($1.length) }
    }
    var total: UInt64 = 0
    var entry = Int(id)
    for _ in 0..<state.slotCount {
      if extra[entry].isWritable { total += UInt64(extra[entry].length) }
      entry = nextEntry(after: entry)
    }
    return total
  }

  // MARK: - Used-buffer notifications (the Driver Event Suppression structure)

  /// Turns used-buffer notifications on or off (Linux `virtqueue_disable_cb_packed` /
  /// `virtqueue_enable_cb_prepare_packed`): disabling writes `flags = DISABLE`; enabling with EVENT_IDX first
  /// writes `off_wrap = last_used_idx | wrap << 15` and a write barrier, then `flags = DESC` (ENABLE without
  /// EVENT_IDX). Each flags write happens only when the shadow changes, as in Linux.
  public mutating func setInterrupts(enabled: Bool, memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    trace.record(TraceEntry(role: .driver, kind: .notifications, detail: enabled ? "driver enables used-buffer notifications" : "driver disables used-buffer notifications"))
    guard enabled else {
      try writeEventFlags(PackedEvent.disable, memory: &memory, trace: &trace)
      return
    }
    try enable(offWrap: offWrapOfLastUsed, memory: &memory, trace: &trace)
  }

  /// Linux `virtqueue_enable_cb_delayed_packed`: with EVENT_IDX asks for an interrupt only after 3/4 of the
  /// outstanding descriptors are used (`off_wrap` = last used + that many, wrapped), then re-checks the ring after
  /// a full barrier. Returns false when a used descriptor is already waiting (the caller should poll again).
  public mutating func enableInterruptsDelayed(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> Bool {
    trace.record(TraceEntry(role: .driver, kind: .notifications, detail: "driver enables used-buffer notifications after 3/4 of the outstanding descriptors"))
    let bufs = (layout.size - numFree) * 3 / 4
    let (slot, wrapped) = layout.advance(lastUsedIdx, by: bufs)
    try enable(offWrap: PackedEvent.offWrap(offset: UInt16(slot), wrap: usedWrapCounter != wrapped), memory: &memory, trace: &trace)
    trace.record(TraceEntry(role: .driver, kind: .barrier, detail: "virtio_mb(): the event structure is visible before the driver re-checks the ring"))
    memory.fullFence()
    let raw: UInt16 = try memory.tracedLoad(UInt16.self, field: .packed(.descriptor(lastUsedIdx, .flags)), at: layout.descriptor(lastUsedIdx) + 14, by: .driver, trace: &trace)
    return !PackedDescriptorFlags(rawValue: raw).isUsed(wrap: usedWrapCounter)
  }

  private mutating func enable(offWrap: UInt16, memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    let event = features.contains(.eventIdx)
    if event {
      try memory.tracedStore(offWrap, field: .packed(.driverEvent(.offWrap)), at: layout.driverEvent, by: .driver, trace: &trace)
      trace.record(TraceEntry(role: .driver, kind: .barrier, detail: "virtio_wmb(): driver_event.off_wrap is written before driver_event.flags"))
      memory.releaseFence()
    }
    if eventFlagsShadow == PackedEvent.disable {
      try writeEventFlags(event ? PackedEvent.desc : PackedEvent.enable, memory: &memory, trace: &trace)
    }
  }

  private mutating func writeEventFlags(_ flags: UInt16, memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    guard eventFlagsShadow != flags else { return }
    eventFlagsShadow = flags
    try memory.tracedStore(flags, field: .packed(.driverEvent(.flags)), at: layout.driverEvent + 2, by: .driver, trace: &trace)
  }
}
