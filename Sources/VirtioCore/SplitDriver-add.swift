extension SplitDriver {
  // MARK: - Supplying buffers (2.7.13 Supplying Buffers to The Device)

  /// Allocates buffers, writes `readable` contents into them, builds the chain (readable buffers first, then
  /// `writable` buffers of the given sizes) and puts its head into the next available-ring slot. Does not publish.
  ///
  /// - Returns: the head descriptor index.
  /// - Throws: `queue-full` when descriptors run out, `queue-broken` after a device error,
  ///   `indirect-not-negotiated` when the policy demands indirect without the feature.
  @inline(__always) public mutating func add(
    readable: [[UInt8]], writable: [Int], memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) -> UInt16 {
    guard !isBroken else { throw VirtqueueError(.queueBroken, "virtqueue is broken; add refused (-EIO)") }
    let total = readable.count + writable.count
    let indirect = usesIndirect(bufferCount: total)
    try checkAdd(bufferCount: total, indirect: indirect, features: features)
    if !indirect && !trace.isEnabled, let view = memory.splitRing(layout) {
      return try addDirectUntraced(readable: readable, writable: writable, ring: view, memory: &memory)
    }
    return try addTraced(readable: readable, writable: writable, indirect: indirect, memory: &memory, trace: &trace)
  }

  /// ``add(readable:writable:memory:trace:)`` after its checks: traced, indirect, or through the checked accessors
  /// (out of line, so that the bus inlines only the common case).
  @inline(never) mutating func addTraced(
    readable: [[UInt8]], writable: [Int], indirect: Bool, memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) -> UInt16 {
    let head = freeHead
    let ring = memory.holdsRing(layout)
    if indirect {
      try addIndirect(head: head, readable: readable, writable: writable, ring: ring, memory: &memory, trace: &trace)
    } else {
      try addDirect(head: head, readable: readable, writable: writable, ring: ring, memory: &memory, trace: &trace)
    }
    state[Int(head)].isOutstanding = true
    outstandingCount += 1
    let slot = layout.slot(availIdxShadow)
    try memory.tracedStore(head, field: .availRing(slot), at: layout.availEntry(slot), by: .driver, trace: &trace, ring: ring)
    availIdxShadow &+= 1
    trace.record(
        role: .driver, kind: .chainAdded, value: UInt64(head),
        code: .chainAdded(readable: readable.count, writable: writable.count, indirect: indirect, slot: slot, numFree: numFree))
    return head
  }

  /// A chain of ring descriptors along the free list (Linux `virtqueue_add_split` without indirect): the buffers
  /// first (allocated, readable ones filled), then the descriptors, remembered in `desc_extra`.
  private mutating func addDirect(
    head: UInt16, readable: [[UInt8]], writable: [Int], ring: Bool, memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) {
    let count = readable.count + writable.count
    var index = head
    var allocated = 0
    do {
      for data in readable {
        let address = try allocate(UInt64(data.count), alignment: 16)
        extra[Int(index)].describe(address, length: UInt32(data.count), flags: [])
        allocated += 1
        try fill(data, at: address, memory: &memory, trace: &trace)
        index = link(after: index)
      }
      for size in writable {
        let address = try allocate(UInt64(size), alignment: 16)
        extra[Int(index)].describe(address, length: UInt32(size), flags: .write)
        allocated += 1
        index = link(after: index)
      }
      index = head
      for n in 0..<count {
        let isLast = n == count - 1
        var d = extra[Int(index)]
        if !isLast { d.flags.insert(.next) }
        let next = link(after: index)
        d.next = isLast ? 0 : next
        try writeDescriptor(d, index: Int(index), ring: ring, memory: &memory, trace: &trace)
        index = next
      }
    } catch {
      releaseBuffers(head: head, count: allocated)
      throw error
    }
    state[Int(head)] = HeadState(isOutstanding: false, descriptorCount: count, indirectTable: nil)
    freeHead = index
    numFree -= count
  }

  /// ``add(readable:writable:memory:trace:)``'s common case in one pass: the trace off, the rings in one view of
  /// plain memory (``GuestMemory/splitRing(_:)``), a direct chain. The same steps and the same bytes as
  /// ``addDirect(head:readable:writable:ring:memory:trace:)`` followed by the available-ring store (every buffer
  /// allocated and filled before any descriptor is written, so a failed allocation leaves the table as it was), with
  /// no trace call and the descriptor table, `desc_extra` and `avail.ring` reached once each per descriptor.
  private mutating func addDirectUntraced(
    readable: [[UInt8]], writable: [Int], ring: SplitRingView, memory: inout GuestMemory
  ) throws(VirtqueueError) -> UInt16 {
    let head = freeHead
    let count = readable.count + writable.count
    var index = head
    var allocated = 0
    do {
      for data in readable {
        let address = try allocate(UInt64(data.count), alignment: 16)
        extra[Int(index)].describe(address, length: UInt32(data.count), flags: [])
        allocated += 1
        try memory.write(data, at: address)
        index = link(after: index)
      }
      for size in writable {
        let address = try allocate(UInt64(size), alignment: 16)
        extra[Int(index)].describe(address, length: UInt32(size), flags: .write)
        allocated += 1
        index = link(after: index)
      }
    } catch {
      releaseBuffers(head: head, count: allocated)
      throw error
    }
    index = head
    for n in 0..<count {
      var d = extra[Int(index)]
      let next = link(after: index)
      if n != count - 1 {
        d.flags.insert(.next)
        d.next = next
      } else {
        d.next = 0
      }
      ring.setDescriptor(d, at: Int(index))
      index = next
    }
    state[Int(head)] = HeadState(isOutstanding: true, descriptorCount: count, indirectTable: nil)
    freeHead = index
    numFree -= count
    outstandingCount += 1
    ring.setAvailEntry(head, at: layout.slot(availIdxShadow))
    availIdxShadow &+= 1
    return head
  }

  /// One ring descriptor pointing at an indirect table of `count` entries (Linux `alloc_indirect_split`).
  private mutating func addIndirect(
    head: UInt16, readable: [[UInt8]], writable: [Int], ring: Bool, memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) {
    // Take the head's array out so that it is uniquely referenced, refill it, put it back.
    var buffers = indirectBuffers[Int(head)]
    indirectBuffers[Int(head)] = []
    buffers.removeAll(keepingCapacity: true)
    var table: DescriptorChain.IndirectTable?
    do {
      for data in readable {
        let address = try allocate(UInt64(data.count), alignment: 16)
        buffers.append(.init(address: address, length: UInt32(data.count), isWritable: false, source: .buffer(address, length: data.count)))
        try fill(data, at: address, memory: &memory, trace: &trace)
      }
      for size in writable {
        let address = try allocate(UInt64(size), alignment: 16)
        buffers.append(.init(address: address, length: UInt32(size), isWritable: true, source: .buffer(address, length: size)))
      }
      let count = buffers.count
      let base = try allocate(UInt64(count) * SplitDescriptor.size, alignment: 16)
      table = .init(address: base, count: count)
      for i in 0..<count {
        let isLast = i == count - 1
        var flags: DescriptorFlags = buffers[i].isWritable ? .write : []
        if !isLast { flags.insert(.next) }
        let entry = SplitDescriptor(address: buffers[i].address, length: buffers[i].length, flags: flags, next: isLast ? 0 : UInt16(i + 1))
        try writeDescriptor(
          entry, at: base + 16 * UInt64(i), field: { .indirect(table: base, i, $0) }, ring: false, memory: &memory, trace: &trace)
        buffers[i].source = .indirect(table: base, i, .addr)
      }
      try writeDescriptor(indirectDescriptor(table: base, count: count), index: Int(head), ring: ring, memory: &memory, trace: &trace)
    } catch {
      for buffer in buffers { allocator.release(buffer.address, length: UInt64(buffer.length)) }
      if let table { allocator.release(table.address, length: UInt64(table.count) * 16) }
      indirectBuffers[Int(head)] = buffers
      throw error
    }
    extra[Int(head)].address = table!.address
    extra[Int(head)].length = UInt32(table!.count) * 16
    extra[Int(head)].flags = .indirect
    indirectBuffers[Int(head)] = buffers
    state[Int(head)] = HeadState(isOutstanding: false, descriptorCount: 1, indirectTable: table)
    freeHead = link(after: head)
    numFree -= 1
  }

  private mutating func fill(_ data: [UInt8], at address: GuestAddress, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError)
  {
    try memory.write(data, at: address)
    trace.record(
        role: .driver, kind: .write, field: .buffer(address, length: data.count), address: address, length: data.count,
        code: .bufferFilled, data: data)
  }

  @inline(__always) private mutating func allocate(_ length: UInt64, alignment: UInt64) throws(VirtqueueError) -> GuestAddress {
    guard length > 0 else { throw VirtqueueError(.zeroLengthBuffer, "a buffer of length 0 cannot be added") }
    guard length <= UInt64(UInt32.max), let address = allocator.allocateFirstFit(length, alignment: alignment) else {
      throw VirtqueueError(.queueFull, "guest allocator cannot find \(length) free bytes for a buffer")
    }
    return address
  }

  /// The ring descriptor of an indirect table of `count` entries at `base`.
  private func indirectDescriptor(table base: GuestAddress, count: Int) -> SplitDescriptor {
    SplitDescriptor(address: base, length: UInt32(count) * 16, flags: .indirect, next: 0)
  }

  /// Writes `desc[index]`; `ring`: the memory holds the ring (``GuestMemory/holdsRing(_:)``, asked once per add).
  private func writeDescriptor(_ d: SplitDescriptor, index: Int, ring: Bool, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError)
  {
    try writeDescriptor(d, at: layout.descriptor(index), field: { .descriptor(index, $0) }, ring: ring, memory: &memory, trace: &trace)
  }

  private func writeDescriptor(
    _ d: SplitDescriptor, at base: GuestAddress, field: (DescriptorPart) -> RingField, ring: Bool,
    memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) {
    try memory.tracedStore(d.address, field: field(.addr), at: base, by: .driver, trace: &trace, ring: ring)
    try memory.tracedStore(d.length, field: field(.len), at: base + 8, by: .driver, trace: &trace, ring: ring)
    try memory.tracedStore(d.flags.rawValue, field: field(.flags), at: base + 12, by: .driver, trace: &trace, ring: ring)
    try memory.tracedStore(d.next, field: field(.next), at: base + 14, by: .driver, trace: &trace, ring: ring)
  }

  // MARK: - Giving buffers back (Linux detach_buf_split)

  /// Releases the first `count` buffers of the direct chain at `head` (following `desc_extra` links). Buffers that
  /// follow each other in memory (as a chain's usually do) go back as one range: the free list is the same set of
  /// merged extents either way, without opening a hole that the next buffer closes again.
  @inline(__always) private mutating func releaseBuffers(head: UInt16, count: Int) {
    var index = head
    var run = (start: GuestAddress(0), end: GuestAddress(0))
    for _ in 0..<count {
      let d = extra[Int(index)]
      if d.address == run.end && run.end > run.start {
        run.end = d.address + UInt64(d.length)
      } else {
        if run.end > run.start { allocator.releaseBeforeFirst(run.start, length: run.end - run.start) }
        run = (d.address, d.address + UInt64(d.length))
      }
      index = link(after: index)
    }
    if run.end > run.start { allocator.releaseBeforeFirst(run.start, length: run.end - run.start) }
  }

  /// Frees the chain at `head`: its buffers (and indirect table) back to the allocator, its descriptors to the
  /// front of the free list, in chain order (Linux `detach_buf_split`).
  @inline(__always) mutating func detach(head: UInt16) {
    let s = state[Int(head)]
    if let table = s.indirectTable {
      for buffer in indirectBuffers[Int(head)] { allocator.release(buffer.address, length: UInt64(buffer.length)) }
      allocator.release(table.address, length: UInt64(table.count) * 16)
    } else {
      releaseBuffers(head: head, count: s.descriptorCount)
    }
    if inOrder {
      // In ring order the chain's descriptors come back where they were: nothing to relink.
      nextUsedHead = UInt16((Int(head) + s.descriptorCount) % layout.size)
    } else {
      var last = head
      for _ in 1..<max(1, s.descriptorCount) { last = extra[Int(last)].next }
      extra[Int(last)].next = freeHead
      freeHead = head
    }
    numFree += s.descriptorCount
    state[Int(head)].isOutstanding = false
    outstandingCount -= 1
  }

  mutating func markBroken() { isBroken = true }
  mutating func advanceLastUsed() { lastUsedIdx &+= 1 }
  mutating func setInterruptsEnabled(_ enabled: Bool) { interruptsEnabled = enabled }
}

extension SplitDescriptor {
  /// Points this `desc_extra` entry at a buffer, keeping its free-list link (one write of the table entry).
  @inline(__always) mutating func describe(_ address: GuestAddress, length: UInt32, flags: DescriptorFlags) {
    self.address = address
    self.length = length
    self.flags = flags
  }
}
