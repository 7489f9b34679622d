extension PackedDriver {
  // MARK: - Supplying buffers (2.8.13 Supplying Buffers to The Device)

  /// Allocates buffers, writes `readable` contents into them and writes the chain (readable first, then
  /// `writable` buffers of the given sizes) into the ring from ``nextAvailIdx``, all but the first descriptor's
  /// flags. Does not publish.
  ///
  /// - Returns: the Buffer ID.
  /// - Throws: `queue-full` when descriptors run out, `queue-broken` after a device error,
  ///   `indirect-not-negotiated` when the policy demands indirect without the feature.
  public mutating func add(readable: [[UInt8]], writable: [Int], memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> UInt16
  {
    guard !isBroken else { throw VirtqueueError(.queueBroken, "virtqueue is broken; add refused (-EIO)") }
    staged.table.truncate(to: 0)
    do {
      try allocateBuffers(readable: readable, writable: writable, memory: &memory, trace: &trace)
    } catch {
      releaseStaged(owned: true, table: nil)
      throw error
    }
    return try addStaged(owned: true, readable: readable.count, writable: writable.count, memory: &memory, trace: &trace)
  }

  /// Makes buffers the caller placed in guest memory available, in the given order (Linux `virtqueue_add_sgs`
  /// with caller-owned memory): the driver neither allocates nor releases them. Only an indirect table, if one is
  /// used, comes from the allocator.
  public mutating func add(buffers: [DescriptorChain.Buffer], memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> UInt16
  {
    guard !isBroken else { throw VirtqueueError(.queueBroken, "virtqueue is broken; add refused (-EIO)") }
    staged.table.truncate(to: 0)
    for buffer in buffers { staged.table.append(buffer) }
    let writable = buffers.filter(\.isWritable).count
    return try addStaged(owned: false, readable: buffers.count - writable, writable: writable, memory: &memory, trace: &trace)
  }

  /// Writes the staged buffers as one chain; on an error releases what the add took.
  private mutating func addStaged(owned: Bool, readable: Int, writable: Int, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> UInt16
  {
    var table: DescriptorChain.IndirectTable?
    do throws(VirtqueueError) {
      let total = staged.table.end
      // Before the shared checks: a chain this long is refused whatever else holds (its count is > 0).
      guard total <= PackedLayout.maximumSize else {
        throw VirtqueueError(.queueFull, "Can't add buf len \(total): more buffers than the largest queue (32768) holds")
      }
      let indirect = usesIndirect(bufferCount: total)
      try checkAdd(bufferCount: total, indirect: indirect, features: features)
      let id = inOrder ? UInt16(nextAvailIdx) : freeHead
      let head = nextAvailIdx
      var state = IDState(isOutstanding: true, firstSlot: head, slotCount: 0, last: id, ownsBuffers: owned, indirectTable: nil)
      let headFlags = indirect
        ? try writeIndirect(&state, table: &table, id: id, memory: &memory, trace: &trace)
        : try writeChainChoosingPath(&state, id: id, memory: &memory, trace: &trace)
      idStates[Int(id)] = state
      outstandingCount += 1
      numFree -= state.slotCount
      pendingHeads.append(PendingHead(slot: head, flags: headFlags, end: nextAvailIdx, endWrap: availWrapCounter, count: state.slotCount))
      let free = numFree
      trace.record(
        role: .driver, kind: .chainAdded, value: UInt64(id),
        code: .packed(.added(slot: Int32(head), readable: Int32(readable), writable: Int32(writable), indirect: indirect, numFree: Int32(free))))
      return id
    } catch {
      releaseStaged(owned: owned, table: table)
      throw error
    }
  }

  /// ``writeChain(_:id:memory:trace:)``, or with the trace off and the ring in one view of plain memory,
  /// ``writeChainUntraced(_:id:ring:)``.
  @inline(__always) private mutating func writeChainChoosingPath(
    _ state: inout IDState, id: UInt16, memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) -> PackedDescriptorFlags {
    if !trace.isEnabled, let ring = memory.packedRing(layout) { return writeChainUntraced(&state, id: id, ring: ring) }
    return try writeChain(&state, id: id, memory: &memory, trace: &trace)
  }

  /// ``writeChain(_:id:memory:trace:)`` through the view: the same fields in the same order (`flags` of every slot
  /// but the first, then `addr`, `len`, `id`), the same free-list walk and wrap flips.
  private mutating func writeChainUntraced(_ state: inout IDState, id: UInt16, ring: PackedRingView) -> PackedDescriptorFlags {
    let head = nextAvailIdx
    let count = staged.table.end
    var slot = head
    var headFlags: PackedDescriptorFlags = []
    var curr = freeHead
    var prev = curr
    for n in 0..<count {
      let buffer = staged.table[n]
      var flags = availUsedFlags
      if n < count - 1 { flags.insert(.next) }
      if buffer.isWritable { flags.insert(.write) }
      if slot == head {
        headFlags = flags
      } else {
        ring.setFlags(flags.rawValue, at: slot)
      }
      ring.setBuffer(address: buffer.address, length: buffer.length, id: id, at: slot)
      extra[inOrder ? slot : Int(curr)] = SlotBuffer(address: buffer.address, length: buffer.length, isWritable: buffer.isWritable)
      state.slotCount += 1
      if !inOrder {
        prev = curr
        curr = links[Int(curr)]
      }
      let (next, wrapped) = layout.advance(slot)
      slot = next
      if wrapped { availUsedFlags.formSymmetricDifference([.avail, .used]) }
    }
    if slot <= head { availWrapCounter.toggle() }
    nextAvailIdx = slot
    if !inOrder {
      freeHead = curr
      state.last = prev
    }
    return headFlags
  }

  /// Writes the staged buffers into consecutive ring slots; returns the first slot's flags (held back). Out of line:
  /// the untraced add stays small.
  @inline(never) private mutating func writeChain(_ state: inout IDState, id: UInt16, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> PackedDescriptorFlags
  {
    let head = nextAvailIdx
    let count = staged.table.end
    var slot = head
    var headFlags: PackedDescriptorFlags = []
    var curr = freeHead
    var prev = curr
    let port = PackedRingPort(layout: layout, memory: &memory, trace: trace)
    for n in 0..<count {
      let buffer = staged.table[n]
      var flags = availUsedFlags
      if n < count - 1 { flags.insert(.next) }
      if buffer.isWritable { flags.insert(.write) }
      let s = slot
      if slot == head {
        headFlags = flags
      } else {
        try port.store(flags.rawValue, s, .flags, by: .driver, memory: &memory, trace: &trace)
      }
      try port.store(buffer.address, s, .addr, by: .driver, memory: &memory, trace: &trace)
      try port.store(buffer.length, s, .len, by: .driver, memory: &memory, trace: &trace)
      try port.store(id, s, .id, by: .driver, memory: &memory, trace: &trace)
      extra[inOrder ? s : Int(curr)] = SlotBuffer(address: buffer.address, length: buffer.length, isWritable: buffer.isWritable)
      state.slotCount += 1
      if !inOrder {
        prev = curr
        curr = links[Int(curr)]
      }
      let (next, wrapped) = layout.advance(slot)
      slot = next
      if wrapped { availUsedFlags.formSymmetricDifference([.avail, .used]) }
    }
    if slot <= head { flipAvailWrap(trace: &trace) }
    nextAvailIdx = slot
    if !inOrder {
      freeHead = curr
      state.last = prev
    }
    return headFlags
  }

  /// Writes an indirect table of the staged buffers and the one ring descriptor pointing at it; returns that
  /// descriptor's flags.
  private mutating func writeIndirect(
    _ state: inout IDState, table tableOut: inout DescriptorChain.IndirectTable?, id: UInt16, memory: inout GuestMemory,
    trace: inout Trace
  ) throws(VirtqueueError) -> PackedDescriptorFlags {
    let count = staged.table.end
    let table = try allocate(UInt64(count) * PackedDescriptor.size, alignment: 16)
    tableOut = .init(address: table, count: count)
    state.indirectTable = tableOut
    var buffers: [DescriptorChain.Buffer] = []
    buffers.reserveCapacity(count)
    for i in 0..<count {
      var buffer = staged.table[i]
      let base = table + 16 * UInt64(i)
      let flags: PackedDescriptorFlags = buffer.isWritable ? .write : []
      try memory.tracedStore(flags.rawValue, field: .packed(.indirect(table: table, i, .flags)), at: base + 14, by: .driver, trace: &trace)
      try memory.tracedStore(buffer.address, field: .packed(.indirect(table: table, i, .addr)), at: base, by: .driver, trace: &trace)
      try memory.tracedStore(buffer.length, field: .packed(.indirect(table: table, i, .len)), at: base + 8, by: .driver, trace: &trace)
      try memory.tracedStore(UInt16(0), field: .packed(.indirect(table: table, i, .id)), at: base + 12, by: .driver, trace: &trace)
      buffer.source = .packed(.indirect(table: table, i, .addr))
      buffers.append(buffer)
    }
    let head = nextAvailIdx
    let base = layout.descriptor(head)
    try memory.tracedStore(table, field: .packed(.descriptor(head, .addr)), at: base, by: .driver, trace: &trace)
    try memory.tracedStore(UInt32(count) * 16, field: .packed(.descriptor(head, .len)), at: base + 8, by: .driver, trace: &trace)
    try memory.tracedStore(id, field: .packed(.descriptor(head, .id)), at: base + 12, by: .driver, trace: &trace)
    let flags = availUsedFlags.union(.indirect)
    indirectBuffers[id] = buffers
    state.slotCount = 1
    let (next, wrapped) = layout.advance(head)
    if wrapped {
      flipAvailWrap(trace: &trace)
      availUsedFlags.formSymmetricDifference([.avail, .used])
    }
    nextAvailIdx = next
    if !inOrder {
      state.last = id
      freeHead = links[Int(id)]
    }
    return flags
  }

  private mutating func flipAvailWrap(trace: inout Trace) {
    availWrapCounter.toggle()
    let wrap = availWrapCounter
    trace.record(role: .driver, kind: .index, value: wrap ? 1 : 0, oldValue: wrap ? 0 : 1, code: .packed(.availWrapFlipped))
  }

  // MARK: - Allocation

  /// Allocates the buffers of an add into ``staged``, filling the readable ones.
  mutating func allocateBuffers(readable: [[UInt8]], writable: [Int], memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError)
  {
    for data in readable {
      let address = try allocate(UInt64(data.count), alignment: 16)
      staged.table.append(.init(address: address, length: UInt32(data.count), isWritable: false, source: .buffer(address, length: data.count)))
      try memory.write(data, at: address)
      trace.record(
        role: .driver, kind: .write, field: .buffer(address, length: data.count), address: address, length: data.count,
        code: .packed(.buffer(.driverFilled)), data: data)
    }
    for size in writable {
      let address = try allocate(UInt64(max(0, size)), alignment: 16)
      staged.table.append(.init(address: address, length: UInt32(size), isWritable: true, source: .buffer(address, length: size)))
    }
  }

  mutating func allocate(_ length: UInt64, alignment: UInt64) throws(VirtqueueError) -> GuestAddress {
    guard length > 0 else { throw VirtqueueError(.zeroLengthBuffer, "a buffer of length 0 cannot be added") }
    guard length <= UInt64(UInt32.max), let address = allocator.allocate(length, alignment: alignment) else {
      throw VirtqueueError(.queueFull, "guest allocator cannot find \(length) free bytes for a buffer")
    }
    return address
  }

  /// Gives back what a failed add took: its buffers (when the driver allocated them) and its indirect table.
  private mutating func releaseStaged(owned: Bool, table: DescriptorChain.IndirectTable?) {
    if owned {
      for i in 0..<staged.table.end { allocator.release(staged.table[i].address, length: UInt64(staged.table[i].length)) }
    }
    if let table { allocator.release(table.address, length: UInt64(table.count) * 16) }
  }

  /// Gives back the buffers (when the driver allocated them) and the indirect table of the chain `id`.
  @inline(__always) mutating func releaseBuffers(of id: UInt16, _ state: IDState) {
    if let table = state.indirectTable {
      if state.ownsBuffers, let buffers = indirectBuffers[id] {
        for buffer in buffers { allocator.release(buffer.address, length: UInt64(buffer.length)) }
      }
      indirectBuffers[id] = nil
      allocator.release(table.address, length: UInt64(table.count) * 16)
    } else if state.ownsBuffers {
      var entry = Int(id)
      for _ in 0..<state.slotCount {
        allocator.release(extra[entry].address, length: UInt64(extra[entry].length))
        entry = nextEntry(after: entry)
      }
    }
  }
}
