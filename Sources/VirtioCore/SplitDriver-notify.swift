extension SplitDriver {
  // MARK: - Publishing and notifying (2.7.13 steps 4–5, 2.7.10)

  /// Exposes every added chain: a write barrier, then `avail.idx` = the shadow index (2.7.13 steps 4–5).
  @inline(__always) public mutating func publish(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    if !trace.isEnabled, let ring = memory.splitRing(layout) {
      // The common case, untraced: the barrier, then the one store through the ring's view.
      memory.releaseFence()
      ring.availIdx = availIdxShadow
      publishedIdx = availIdxShadow
      return
    }
    try publishTraced(memory: &memory, trace: &trace)
  }

  /// ``publish(memory:trace:)`` with the trace on or the rings outside one plain view (out of line, so that the bus
  /// inlines only the common case).
  @inline(never) mutating func publishTraced(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    let old = publishedIdx
    trace.record(role: .driver, kind: .barrier, code: .barrier(.driverPublish))
    memory.releaseFence()
    try memory.tracedStore(availIdxShadow, field: .availIdx, at: layout.availIdx, by: .driver, trace: &trace,
      ring: memory.holdsRing(layout))
    publishedIdx = availIdxShadow
    trace.record(
        role: .driver, kind: .availPublished, field: .availIdx, address: layout.availIdx, length: 2,
        value: UInt64(publishedIdx), oldValue: UInt64(old), code: .published)
  }

  /// Decides whether to notify the device (Linux `virtqueue_kick_prepare_split`): a full barrier, then
  /// `used.avail_event` with `vring_need_event` when VIRTIO_F_EVENT_IDX is negotiated, else `used.flags` NO_NOTIFY.
  @inline(__always) public mutating func kickPrepare(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> Bool {
    let old = kickedIdx
    let new = publishedIdx
    kickedIdx = new
    if !trace.isEnabled, let ring = memory.splitRing(layout) {
      // The common case, untraced: the same barrier and the same field through the ring's view.
      memory.fullFence()
      if features.contains(.eventIdx) { return EventIndex.needsEvent(event: ring.availEvent, new: new, old: old) }
      return ring.usedFlags & RingFlags.usedNoNotify == 0
    }
    return try kickPrepareTraced(old: old, new: new, memory: &memory, trace: &trace)
  }

  /// ``kickPrepare(memory:trace:)`` after `kickedIdx` moved, traced or through the checked accessors (out of line).
  @inline(never) mutating func kickPrepareTraced(old: UInt16, new: UInt16, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> Bool
  {
    trace.record(role: .driver, kind: .barrier, code: .barrier(.driverBeforeKickCheck))
    memory.fullFence()
    if features.contains(.eventIdx) {
      let event: UInt16 = try memory.tracedLoad(UInt16.self, field: .availEvent, at: layout.availEvent, by: .driver, trace: &trace,
        ring: memory.holdsRing(layout))
      let needs = EventIndex.needsEvent(event: event, new: new, old: old)
      record(kick: needs, because: .availEvent(event: event, new: new, old: old, needed: needs), trace: &trace)
      return needs
    }
    let flags: UInt16 = try memory.tracedLoad(UInt16.self, field: .usedFlags, at: layout.usedFlags, by: .driver, trace: &trace,
      ring: memory.holdsRing(layout))
    let needs = flags & RingFlags.usedNoNotify == 0
    record(kick: needs, because: .usedFlags(noNotify: !needs), trace: &trace)
    return needs
  }

  private func record(kick: Bool, because reason: TraceNote.Decision, trace: inout Trace) {
    trace.record(role: .driver, kind: kick ? .kick : .kickSuppressed, code: .kick(reason))
  }
}
