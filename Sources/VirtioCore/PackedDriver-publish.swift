extension PackedDriver {
  /// Makes every added chain visible: for each, a write barrier, then its first descriptor's flags (Linux
  /// `virtio_wmb(); desc[head].flags = head_flags`; spec: "The driver always makes the first descriptor in the
  /// list available after the rest of the list has been written out").
  public mutating func publish(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    if !trace.isEnabled, let ring = memory.packedRing(layout) { return publishUntraced(ring, memory: memory) }
    try publishTraced(memory: &memory, trace: &trace)
  }

  /// ``publish(memory:trace:)`` through the checked, traced accessors (out of line).
  @inline(never) private mutating func publishTraced(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    let port = PackedRingPort(layout: layout, memory: &memory, trace: trace)
    while !pendingHeads.isEmpty {
      let head = pendingHeads[0]
      trace.record(role: .driver, kind: .barrier, code: .packed(.barrier(.publish, slot: Int32(head.slot))))
      memory.releaseFence()
      let address = layout.descriptor(head.slot) + 14
      try port.store(head.flags.rawValue, head.slot, .flags, by: .driver, memory: &memory, trace: &trace)
      _ = pendingHeads.removeFirst()
      let old = publishedIdx
      publishedIdx = head.end
      publishedWrap = head.endWrap
      numAdded += head.count
      let wrap = publishedWrap
      trace.record(
        role: .driver, kind: .availPublished, field: .packed(.descriptor(head.slot, .flags)), address: address, length: 2,
        value: UInt64(head.end), oldValue: UInt64(old),
        code: .packed(.published(slot: Int32(head.slot), flags: head.flags.rawValue, count: Int32(head.count), wrap: wrap)))
    }
  }

  /// ``publish(memory:trace:)`` with the trace off and the ring in one view of plain memory: for each pending
  /// chain, a write barrier then its first descriptor's flags.
  private mutating func publishUntraced(_ ring: PackedRingView, memory: GuestMemory) {
    while !pendingHeads.isEmpty {
      let head = pendingHeads.removeFirst()
      memory.releaseFence()
      ring.setFlags(head.flags.rawValue, at: head.slot)
      publishedIdx = head.end
      publishedWrap = head.endWrap
      numAdded += head.count
    }
  }

  /// Decides whether to notify the device (Linux `virtqueue_kick_prepare_packed`): a full barrier, then the Device
  /// Event Suppression structure: DESC → `vring_need_event(off, new, old)` with `off -= num` when the event's wrap
  /// bit is not the driver's; otherwise kick unless DISABLE.
  public mutating func kickPrepare(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> Bool {
    let new = UInt16(publishedIdx)
    let old = new &- UInt16(truncatingIfNeeded: numAdded)
    numAdded = 0
    if !trace.isEnabled, let ring = memory.packedRing(layout) {
      memory.fullFence()
      let offWrap = ring.deviceOffWrap
      let flags = ring.deviceFlags
      return flags == PackedEvent.desc
        ? PackedEvent.needsEvent(offWrap: offWrap, wrap: publishedWrap, new: new, old: old, size: layout.size)
        : flags != PackedEvent.disable
    }
    return try kickPrepareTraced(new: new, old: old, memory: &memory, trace: &trace)
  }

  /// ``kickPrepare(memory:trace:)``'s decision through the checked, traced accessors (out of line).
  @inline(never) private mutating func kickPrepareTraced(new: UInt16, old: UInt16, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> Bool
  {
    trace.record(role: .driver, kind: .barrier, code: .packed(.barrier(.beforeKickCheck, slot: 0)))
    memory.fullFence()
    let offWrap: UInt16 = try memory.tracedLoad(UInt16.self, field: .packed(.deviceEvent(.offWrap)), at: layout.deviceEvent, by: .driver, trace: &trace)
    let flags: UInt16 = try memory.tracedLoad(UInt16.self, field: .packed(.deviceEvent(.flags)), at: layout.deviceEvent + 2, by: .driver, trace: &trace)
    let needs = flags == PackedEvent.desc
      ? PackedEvent.needsEvent(offWrap: offWrap, wrap: publishedWrap, new: new, old: old, size: layout.size)
      : flags != PackedEvent.disable
    let wrap = publishedWrap
    trace.record(
      role: .driver, kind: needs ? .kick : .kickSuppressed,
      code: .packed(.kick(flags: flags, offWrap: offWrap, wrap: wrap, new: new, old: old)))
    return needs
  }

  /// Why the driver kicks or not, as the trace says it.
  static func kickReason(flags: UInt16, offWrap: UInt16, wrap: Bool, new: UInt16, old: UInt16, needs: Bool) -> String {
    flags == PackedEvent.desc
      ? "device_event DESC off_wrap \(hex(offWrap)), driver wrap \(wrap ? 1 : 0): vring_need_event(new=\(new), old=\(old)) is \(needs)"
      : "device_event.flags is \(PackedEvent.flagsName(flags))"
  }
}
