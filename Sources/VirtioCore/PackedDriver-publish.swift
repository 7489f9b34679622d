extension PackedDriver {
  /// Makes every added chain visible: for each, a write barrier, then its first descriptor's flags (Linux
  /// `virtio_wmb(); desc[head].flags = head_flags`; spec: "The driver always makes the first descriptor in the
  /// list available after the rest of the list has been written out").
  public mutating func publish(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    while let head = pending.first {
      trace.record(
        TraceEntry(role: .driver, kind: .barrier, detail: "virtio_wmb(): the chain is written before desc[\(head.slot)].flags makes it available"))
      memory.releaseFence()
      let address = layout.descriptor(head.slot) + 14
      try memory.tracedStore(head.flags.rawValue, field: .packed(.descriptor(head.slot, .flags)), at: address, by: .driver, trace: &trace)
      pending.removeFirst()
      let old = publishedIdx
      publishedIdx = head.end
      publishedWrap = head.endWrap
      numAdded += head.count
      trace.record(
        TraceEntry(
          role: .driver, kind: .availPublished, field: .packed(.descriptor(head.slot, .flags)), address: address, length: 2,
          value: UInt64(publishedIdx), oldValue: UInt64(old),
          detail: "desc[\(head.slot)].flags = \(head.flags): \(head.count) descriptor(s) now available; next_avail_idx \(publishedIdx), wrap \(publishedWrap ? 1 : 0)"))
    }
  }

  /// Decides whether to notify the device (Linux `virtqueue_kick_prepare_packed`): a full barrier, then the Device
  /// Event Suppression structure: DESC → `vring_need_event(off, new, old)` with `off -= num` when the event's wrap
  /// bit is not the driver's; otherwise kick unless DISABLE.
  public mutating func kickPrepare(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> Bool {
    let new = UInt16(publishedIdx)
    let old = new &- UInt16(truncatingIfNeeded: numAdded)
    numAdded = 0
    trace.record(TraceEntry(role: .driver, kind: .barrier, detail: "virtio_mb(): the descriptors are published before the driver reads the device's event suppression"))
    memory.fullFence()
    let offWrap: UInt16 = try memory.tracedLoad(UInt16.self, field: .packed(.deviceEvent(.offWrap)), at: layout.deviceEvent, by: .driver, trace: &trace)
    let flags: UInt16 = try memory.tracedLoad(UInt16.self, field: .packed(.deviceEvent(.flags)), at: layout.deviceEvent + 2, by: .driver, trace: &trace)
    let needs = flags == PackedEvent.desc
      ? PackedEvent.needsEvent(offWrap: offWrap, wrap: publishedWrap, new: new, old: old, size: layout.size)
      : flags != PackedEvent.disable
    // The sentence is built only when the trace records it (an autoclosure), never on the untraced path.
    let wrap = publishedWrap
    trace.record(
      TraceEntry(
        role: .driver, kind: needs ? .kick : .kickSuppressed,
        detail: (needs ? "notify the device: " : "no notification: ")
          + Self.kickReason(flags: flags, offWrap: offWrap, wrap: wrap, new: new, old: old, needs: needs)))
    return needs
  }

  /// Why the driver kicks or not, as the trace says it.
  static func kickReason(flags: UInt16, offWrap: UInt16, wrap: Bool, new: UInt16, old: UInt16, needs: Bool) -> String {
    flags == PackedEvent.desc
      ? "device_event DESC off_wrap \(hex(offWrap)), driver wrap \(wrap ? 1 : 0): vring_need_event(new=\(new), old=\(old)) is \(needs)"
      : "device_event.flags is \(PackedEvent.flagsName(flags))"
  }

  // MARK: - Allocation

  mutating func allocateBuffers(
    into buffers: inout [DescriptorChain.Buffer], readable: [[UInt8]], writable: [Int], memory: inout GuestMemory,
    trace: inout Trace
  ) throws(VirtqueueError) {
    buffers.reserveCapacity(readable.count + writable.count)
    for data in readable {
      let address = try allocate(UInt64(data.count), alignment: 16)
      buffers.append(.init(address: address, length: UInt32(data.count), isWritable: false, source: .buffer(address, length: data.count)))
      try memory.write(data, at: address)
      trace.record(
        TraceEntry(
          role: .driver, kind: .write, field: .buffer(address, length: data.count), address: address, length: data.count,
          detail: "driver fills a \(data.count)-byte buffer at \(hex(address))", data: data))
    }
    for size in writable {
      let address = try allocate(UInt64(max(0, size)), alignment: 16)
      buffers.append(.init(address: address, length: UInt32(size), isWritable: true, source: .buffer(address, length: size)))
    }
  }

  mutating func allocate(_ length: UInt64, alignment: UInt64) throws(VirtqueueError) -> GuestAddress {
    guard length > 0 else { throw VirtqueueError(.zeroLengthBuffer, "a buffer of length 0 cannot be added") }
    guard length <= UInt64(UInt32.max), let address = allocator.allocate(length, alignment: alignment) else {
      throw VirtqueueError(.queueFull, "guest allocator cannot find \(length) free bytes for a buffer")
    }
    return address
  }

  mutating func release(_ record: Outstanding) {
    for buffer in record.buffers where record.ownsBuffers { allocator.release(buffer.address, length: UInt64(buffer.length)) }
    if let table = record.indirectTable { allocator.release(table.address, length: UInt64(table.count) * 16) }
  }
}
