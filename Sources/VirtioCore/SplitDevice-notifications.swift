extension SplitDevice {
  // MARK: - Notifications (2.7.7, 2.7.10)

  /// Decides whether to interrupt the driver (QEMU `virtio_split_should_notify`): a full barrier, then
  /// `avail.used_event` with `vring_need_event` under EVENT_IDX, else `avail.flags` NO_INTERRUPT.
  @inline(__always) public mutating func shouldInterrupt(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> Bool {
    if !trace.isEnabled, let ring = memory.splitRing(layout) {
      // The common case, untraced: the same barrier, state and field through the ring's view.
      memory.fullFence()
      guard features.contains(.eventIdx) else { return ring.availFlags & RingFlags.availNoInterrupt == 0 }
      let valid = signalledUsedValid
      let old = signalledUsed
      signalledUsedValid = true
      signalledUsed = usedIdx
      return !valid || EventIndex.needsEvent(event: ring.usedEvent, new: usedIdx, old: old)
    }
    return try shouldInterruptTraced(memory: &memory, trace: &trace)
  }

  /// ``shouldInterrupt(memory:trace:)`` traced or through the checked accessors (out of line).
  @inline(never) mutating func shouldInterruptTraced(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> Bool {
    trace.record(role: .device, kind: .barrier, code: .barrier(.deviceBeforeInterruptCheck))
    memory.fullFence()
    if features.contains(.eventIdx) {
      let valid = signalledUsedValid
      let old = signalledUsed
      signalledUsedValid = true
      signalledUsed = usedIdx
      let event: UInt16 = try memory.tracedLoad(UInt16.self, field: .usedEvent, at: layout.usedEvent, by: .device, trace: &trace,
        ring: memory.holdsRing(layout))
      let needs = !valid || EventIndex.needsEvent(event: event, new: usedIdx, old: old)
      recordInterrupt(
        needs, valid ? .usedEvent(event: event, new: usedIdx, old: old, needed: needs) : .firstInterrupt, trace: &trace)
      return needs
    }
    let flags: UInt16 = try memory.tracedLoad(
      UInt16.self, field: .availFlags, at: layout.availFlags, by: .device, trace: &trace, ring: memory.holdsRing(layout))
    let needs = flags & RingFlags.availNoInterrupt == 0
    recordInterrupt(needs, .availFlags(noInterrupt: !needs), trace: &trace)
    return needs
  }

  private func recordInterrupt(_ needs: Bool, _ reason: TraceNote.Decision, trace: inout Trace) {
    trace.record(role: .device, kind: needs ? .interrupt : .interruptSuppressed, code: .interrupt(reason))
  }

  /// Turns available-buffer notifications on or off (QEMU `virtio_queue_set_notification`): `used.flags`
  /// NO_NOTIFY without EVENT_IDX; with EVENT_IDX, enabling writes `avail_event` = the current `avail.idx`, and
  /// while disabled the device stops moving `avail_event` forward.
  public mutating func setNotifications(enabled: Bool, memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    notificationsEnabled = enabled
    trace.record(TraceEntry(role: .device, kind: .notifications, detail: enabled ? "device enables available-buffer notifications" : "device disables available-buffer notifications"))
    if features.contains(.eventIdx) {
      // QEMU vring_set_avail_event returns early while notifications are off: disabling writes nothing, and
      // avail_event simply stops following last_avail_idx.
      guard enabled else { return }
      let availIdx: UInt16 = try memory.tracedLoad(UInt16.self, field: .availIdx, at: layout.availIdx, by: .device, trace: &trace)
      try memory.tracedStore(availIdx, field: .availEvent, at: layout.availEvent, by: .device, trace: &trace)
    } else {
      try memory.tracedStore(enabled ? 0 : RingFlags.usedNoNotify, field: .usedFlags, at: layout.usedFlags, by: .device, trace: &trace)
    }
  }
}
