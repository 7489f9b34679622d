extension PackedDevice {
  /// Decides whether to interrupt the driver (QEMU `virtio_packed_should_notify`): a full barrier, the Driver
  /// Event Suppression structure (`flags`, read barrier, `off_wrap`); DISABLE → no, ENABLE → yes, otherwise
  /// `!signalled_used_valid || vring_packed_need_event(used_wrap, off_wrap, new = used_idx, old = signalled_used)`.
  public mutating func shouldInterrupt(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> Bool {
    if !trace.isEnabled, let ring = memory.packedRing(layout) { return shouldInterruptUntraced(ring, memory: memory) }
    return try shouldInterruptTraced(memory: &memory, trace: &trace)
  }

  /// ``shouldInterrupt(memory:trace:)`` through the checked, traced accessors (out of line).
  @inline(never) private mutating func shouldInterruptTraced(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> Bool {
    trace.record(role: .device, kind: .barrier, code: .packed(.barrier(.beforeInterruptCheck, slot: 0)))
    memory.fullFence()
    let flags: UInt16 = try memory.tracedLoad(UInt16.self, field: .packed(.driverEvent(.flags)), at: layout.driverEvent + 2, by: .device, trace: &trace)
    memory.acquireFence()
    let offWrap: UInt16 = try memory.tracedLoad(UInt16.self, field: .packed(.driverEvent(.offWrap)), at: layout.driverEvent, by: .device, trace: &trace)
    let old = signalledUsed
    let new = UInt16(usedIdx)
    let valid = signalledUsedValid
    signalledUsed = new
    signalledUsedValid = true
    let needs: Bool
    switch flags {
    case PackedEvent.disable: needs = false
    case PackedEvent.enable: needs = true
    default: needs = !valid || PackedEvent.needsEvent(offWrap: offWrap, wrap: usedWrapCounter, new: new, old: old, size: layout.size)
    }
    let wrap = usedWrapCounter
    trace.record(
      role: .device, kind: needs ? .interrupt : .interruptSuppressed,
      code: .packed(.interrupt(flags: flags, offWrap: offWrap, wrap: wrap, new: new, old: old, valid: valid)))
    return needs
  }

  /// ``shouldInterrupt(memory:trace:)`` with the trace off and the event structures in one view of plain memory:
  /// the same barriers, loads and decision.
  private mutating func shouldInterruptUntraced(_ ring: PackedRingView, memory: GuestMemory) -> Bool {
    memory.fullFence()
    let flags = ring.driverFlags
    memory.acquireFence()
    let offWrap = ring.driverOffWrap
    let old = signalledUsed
    let new = UInt16(usedIdx)
    let valid = signalledUsedValid
    signalledUsed = new
    signalledUsedValid = true
    switch flags {
    case PackedEvent.disable: return false
    case PackedEvent.enable: return true
    default: return !valid || PackedEvent.needsEvent(offWrap: offWrap, wrap: usedWrapCounter, new: new, old: old, size: layout.size)
    }
  }

  /// Turns available-buffer notifications on or off (QEMU `virtio_queue_packed_set_notification`), writing the
  /// Device Event Suppression structure: disable → `flags = DISABLE`; enable with EVENT_IDX → `off_wrap =
  /// last_avail_idx | wrap << 15`, a write barrier, `flags = DESC`; enable without → `flags = ENABLE`.
  public mutating func setNotifications(enabled: Bool, memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    notificationsEnabled = enabled
    trace.record(TraceEntry(role: .device, kind: .notifications, detail: enabled ? "device enables available-buffer notifications" : "device disables available-buffer notifications"))
    var flags = PackedEvent.disable
    if enabled && features.contains(.eventIdx) {
      let offWrap = PackedEvent.offWrap(offset: UInt16(lastAvailIdx), wrap: availWrapCounter)
      try memory.tracedStore(offWrap, field: .packed(.deviceEvent(.offWrap)), at: layout.deviceEvent, by: .device, trace: &trace)
      trace.record(TraceEntry(role: .device, kind: .barrier, detail: "smp_wmb(): device_event.off_wrap is written before device_event.flags"))
      memory.releaseFence()
      flags = PackedEvent.desc
    } else if enabled {
      flags = PackedEvent.enable
    }
    try memory.tracedStore(flags, field: .packed(.deviceEvent(.flags)), at: layout.deviceEvent + 2, by: .device, trace: &trace)
    if enabled {
      trace.record(TraceEntry(role: .device, kind: .barrier, detail: "smp_mb(): the event structure is visible before the device re-checks the ring"))
      memory.fullFence()
    }
  }

  // MARK: - Using buffers

  /// Appends the device-readable buffers of `chain` to `bytes`, in order.
  public func readReadable(of chain: DescriptorChain, into bytes: inout [UInt8], memory: GuestMemory, trace: inout Trace)
    throws(VirtqueueError)
  {
    for buffer in chain.buffers where !buffer.isWritable {
      try memory.append(from: buffer.address, count: Int(buffer.length), to: &bytes)
      trace.record(
        role: .device, kind: .read, field: .buffer(buffer.address, length: Int(buffer.length)), address: buffer.address,
        length: Int(buffer.length), code: .packed(.buffer(.deviceRead)))
    }
  }

  /// The device-readable bytes of the chain at `position` of ``inFlight``, into `bytes` (replacing its contents):
  /// sized once, then one copy per buffer, as a device reads into its own buffer.
  // `mutating` although it changes nothing of the device: a non-mutating method called on the queue's `inout`
  // device made the compiler copy the whole device for the call (callgrind: a memcpy per call).
  mutating func readReadable(at position: Int, into bytes: inout [UInt8], memory: GuestMemory, trace: inout Trace)
    throws(VirtqueueError)
  {
    let range = held[position].range
    let total = held[position].readable
    if bytes.count != total {
      bytes.removeAll(keepingCapacity: true)
      bytes.append(contentsOf: repeatElement(0, count: total))
    }
    var offset = 0
    for i in range.start..<range.start + range.count where !resolved[i].isWritable {
      let buffer = resolved[i]
      let n = Int(buffer.length)
      guard let source = memory.pointer(buffer.address, UInt64(n)) else { throw memory.outOfRange(buffer.address, UInt64(n), "read") }
      bytes.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: offset).copyMemory(from: source, byteCount: n) }
      offset += n
      trace.record(
        role: .device, kind: .read, field: .buffer(buffer.address, length: n), address: buffer.address, length: n,
        code: .packed(.buffer(.deviceRead)))
    }
  }

  /// ``writeWritable(_:into:memory:trace:)`` for the chain at `position` of ``inFlight``, read in place.
  @discardableResult
  mutating func writeWritable(_ data: [UInt8], at position: Int, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> Int
  {
    let range = held[position].range
    var offset = 0
    for i in range.start..<range.start + range.count where resolved[i].isWritable && offset < data.count {
      let buffer = resolved[i]
      offset += try Self.write(data, from: offset, into: buffer.address, length: buffer.length, memory: &memory, trace: &trace)
    }
    return offset
  }

  /// Writes `data` across the device-writable buffers of `chain`, in order; returns the bytes written.
  @discardableResult
  public func writeWritable(_ data: [UInt8], into chain: DescriptorChain, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> Int
  {
    var offset = 0
    for buffer in chain.buffers where buffer.isWritable && offset < data.count {
      offset += try Self.write(data, from: offset, into: buffer.address, length: buffer.length, memory: &memory, trace: &trace)
    }
    return offset
  }

  /// Writes as much of `data` from `offset` as fits in one device-writable buffer, traced; returns the bytes written.
  private static func write(
    _ data: [UInt8], from offset: Int, into address: GuestAddress, length: UInt32, memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) -> Int {
    let n = min(Int(length), data.count - offset)
    try memory.write(data, from: offset, count: n, at: address)
    trace.record(
      role: .device, kind: .write, field: .buffer(address, length: n), address: address, length: n, code: .packed(.buffer(.deviceWrote)),
      data: offset == 0 && n == data.count ? data : Array(data[offset..<offset + n]))
    return n
  }

  /// Why the device interrupts or not, as the trace says it.
  static func interruptReason(flags: UInt16, offWrap: UInt16, wrap: Bool, new: UInt16, old: UInt16, valid: Bool, needs: Bool) -> String {
    switch flags {
    case PackedEvent.disable: return "driver_event.flags is DISABLE"
    case PackedEvent.enable: return "driver_event.flags is ENABLE"
    default:
      return valid
        ? "driver_event DESC off_wrap \(hex(offWrap)), used wrap \(wrap ? 1 : 0): vring_need_event(new=\(new), old=\(old)) is \(needs)"
        : "signalled_used not valid (first decision, or used_idx wrapped)"
    }
  }
}
