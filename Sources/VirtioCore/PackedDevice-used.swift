extension PackedDevice {
  // MARK: - Returning buffers (QEMU virtqueue_packed_fill / virtqueue_packed_flush)

  /// Records that the in-flight chain with Buffer ID `id` (nil: the oldest; with VIRTIO_F_IN_ORDER always the
  /// oldest) is done with `length` bytes written. Nothing is written to the ring until ``flush(memory:trace:)``.
  @discardableResult
  public mutating func fill(id: UInt16? = nil, length: UInt32) -> DescriptorChain? {
    guard let position = inFlightPosition(id: id) else { return nil }
    fill(at: position, length: length)
    return element(filledHeld[filledHeld.count - 1]).chain
  }

  /// Where the chain with Buffer ID `id` (nil, or VIRTIO_F_IN_ORDER: the oldest) is among the chains in flight.
  // `mutating` for the reason given at ``readReadable(at:into:memory:trace:)``.
  mutating func inFlightPosition(id: UInt16?) -> Int? {
    guard let id, !features.contains(.inOrder) else { return held.isEmpty ? nil : 0 }
    return held.firstIndex { $0.id == id }
  }

  /// ``fill(id:length:)`` for the chain at `position` of ``inFlight``.
  mutating func fill(at position: Int, length: UInt32) {
    var h = held.remove(at: position)
    h.length = length
    filledHeld.append(h)
  }

  /// Writes the filled batch to the ring (QEMU `virtqueue_packed_flush`): elements 1…n−1 at `used_idx` plus the
  /// slots of the elements before them, then element 0 at `used_idx` last (`id`, `len`, write barrier, `flags`),
  /// so the driver never sees part of a batch. With VIRTIO_F_IN_ORDER one used descriptor carries the last
  /// buffer's id for the whole batch. `used_idx` moves by the batch's slots and flips its wrap counter at the end.
  public mutating func flush(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    guard !filledHeld.isEmpty else { return }
    if !trace.isEnabled, let view = memory.packedRing(layout) { return flushUntraced(view, memory: memory) }
    try flushTraced(memory: &memory, trace: &trace)
  }

  /// ``flush(memory:trace:)`` through the checked, traced accessors (out of line).
  @inline(never) private mutating func flushTraced(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    let count = filledHeld.count
    let last = count - 1
    var total = filledHeld[0].descriptorCount
    if features.contains(.inOrder) {
      for k in 1..<count { total += filledHeld[k].descriptorCount }
      let e = filledHeld[last]
      try writeUsed(id: e.id, length: e.length, offset: 0, strict: true, memory: &memory, trace: &trace)
    } else {
      for k in 1..<count {
        let e = filledHeld[k]
        try writeUsed(id: e.id, length: e.length, offset: total, strict: false, memory: &memory, trace: &trace)
        total += e.descriptorCount
      }
      let e = filledHeld[0]
      try writeUsed(id: e.id, length: e.length, offset: 0, strict: true, memory: &memory, trace: &trace)
    }
    let old = usedIdx
    let (next, wrapped) = retireFilled(slots: total)
    let wrap = usedWrapCounter
    trace.record(
      role: .device, kind: .index, value: UInt64(next), oldValue: UInt64(old), code: .packed(.usedIdx(count: Int32(count), wrapped: wrapped, wrap: wrap)))
  }

  /// ``flush(memory:trace:)``'s common case: the trace off and the ring in one view of plain memory. The same
  /// writes in the same order (elements 1…n−1, then element 0 with its barrier before `flags`), the same indices.
  private mutating func flushUntraced(_ ring: PackedRingView, memory: GuestMemory) {
    let count = filledHeld.count
    let last = count - 1
    var total = filledHeld[0].descriptorCount
    if features.contains(.inOrder) {
      for k in 1..<count { total += filledHeld[k].descriptorCount }
      let e = filledHeld[last]
      writeUsedUntraced(ring, id: e.id, length: e.length, offset: 0, strict: true, memory: memory)
    } else {
      for k in 1..<count {
        let e = filledHeld[k]
        writeUsedUntraced(ring, id: e.id, length: e.length, offset: total, strict: false, memory: memory)
        total += e.descriptorCount
      }
      let e = filledHeld[0]
      writeUsedUntraced(ring, id: e.id, length: e.length, offset: 0, strict: true, memory: memory)
    }
    retireFilled(slots: total)
  }

  /// After a flush's used descriptors are written (both paths): the filled chains' resolved buffers released, the
  /// filled list emptied, `used_idx` moved by the batch's `slots`, flipping the used wrap counter (and forgetting the
  /// last signalled index) at the end of the ring. Returns the new `used_idx` and whether it wrapped.
  @inline(__always) @discardableResult
  private mutating func retireFilled(slots: Int) -> (next: Int, wrapped: Bool) {
    let last = filledHeld.count - 1
    for k in 0...last { resolved.release(filledHeld[k].range, nothingLeft: k == last && held.isEmpty) }
    filledHeld.removeAll()
    let (next, wrapped) = layout.advance(usedIdx, by: slots)
    usedIdx = next
    if wrapped {
      usedWrapCounter.toggle()
      signalledUsedValid = false
    }
    return (next, wrapped)
  }

  /// ``writeUsed(id:length:offset:strict:memory:trace:)`` through the view: `id`, `len`, (barrier), `flags`.
  @inline(__always) private func writeUsedUntraced(
    _ ring: PackedRingView, id: UInt16, length: UInt32, offset: Int, strict: Bool, memory: GuestMemory
  ) {
    let (slot, wrapped) = layout.advance(usedIdx, by: offset)
    var flags = PackedDescriptorFlags.marking(.device, wrap: usedWrapCounter != wrapped)
    if length > 0 { flags.insert(.write) }
    ring.setUsed(id: id, length: length, at: slot)
    if strict { memory.releaseFence() }
    ring.setFlags(flags.rawValue, at: slot)
  }

  /// Fills and flushes one chain: the split ring's `push`.
  @discardableResult
  public mutating func push(id: UInt16? = nil, length: UInt32, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> DescriptorChain?
  {
    guard let chain = fill(id: id, length: length) else { return nil }
    try flush(memory: &memory, trace: &trace)
    return chain
  }

  /// ``push(id:length:memory:trace:)`` for the chain at `position` of ``inFlight``, returning its Buffer ID.
  mutating func push(at position: Int, length: UInt32, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> UInt16
  {
    if filledHeld.isEmpty, !trace.isEnabled, let ring = memory.packedRing(layout) {
      return pushUntraced(at: position, length: length, ring: ring, memory: memory)
    }
    return try pushThroughFilled(at: position, length: length, memory: &memory, trace: &trace)
  }

  /// ``push(at:length:memory:trace:)`` as ``fill(at:length:)`` then ``flush(memory:trace:)`` (out of line).
  @inline(never) private mutating func pushThroughFilled(at position: Int, length: UInt32, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> UInt16
  {
    let id = held[position].id
    fill(at: position, length: length)
    try flush(memory: &memory, trace: &trace)
    return id
  }

  /// ``push(at:length:memory:trace:)`` with nothing else filled, the trace off and the ring in one view of plain
  /// memory: a batch of one written straight from the held chain (the same used descriptor, barrier, indices and
  /// buffer release as ``fill(at:length:)`` then ``flush(memory:trace:)``), without passing through the filled list.
  private mutating func pushUntraced(at position: Int, length: UInt32, ring: PackedRingView, memory: GuestMemory) -> UInt16 {
    let h = held.remove(at: position)
    writeUsedUntraced(ring, id: h.id, length: length, offset: 0, strict: true, memory: memory)
    resolved.release(h.range, nothingLeft: held.isEmpty)
    let (next, wrapped) = layout.advance(usedIdx, by: h.descriptorCount)
    usedIdx = next
    if wrapped {
      usedWrapCounter.toggle()
      signalledUsedValid = false
    }
    return h.id
  }

  /// QEMU `virtqueue_packed_fill_desc` + `vring_packed_desc_write`: `id`, `len`, (barrier if strict), `flags` =
  /// AVAIL = USED = the wrap counter of that slot, plus WRITE when bytes were written (the spec's meaning of WRITE
  /// in a used descriptor; QEMU leaves it clear).
  // `mutating` although it changes nothing of the device: called from `flush` (mutating), a non-mutating method
  // made the compiler copy the whole device for each call (callgrind: three PackedDevice copies per cycle).
  private mutating func writeUsed(id: UInt16, length: UInt32, offset: Int, strict: Bool, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError)
  {
    let (slot, wrapped) = layout.advance(usedIdx, by: offset)
    let wrap = usedWrapCounter != wrapped
    var flags = PackedDescriptorFlags.marking(.device, wrap: wrap)
    if length > 0 { flags.insert(.write) }
    let port = PackedRingPort(layout: layout, memory: &memory, trace: trace)
    try port.store(id, slot, .id, by: .device, memory: &memory, trace: &trace)
    try port.store(length, slot, .len, by: .device, memory: &memory, trace: &trace)
    if strict {
      trace.record(role: .device, kind: .barrier, code: .packed(.barrier(.push, slot: Int32(slot))))
      memory.releaseFence()
    }
    try port.store(flags.rawValue, slot, .flags, by: .device, memory: &memory, trace: &trace)
    trace.record(
      role: .device, kind: .usedPushed, field: .packed(.descriptor(slot, .flags)), value: UInt64(id),
      code: .packed(.used(slot: Int32(slot), id: id, length: length, flags: flags.rawValue)))
  }
}
