/// The driver (guest) side of a split virtqueue, shaped like Linux `drivers/virtio/virtio_ring.c`.
///
/// Private state: the free-descriptor list (Linux keeps it in `desc_extra[].next`, outside the shared ring), the
/// shadow available index, `last_used_idx`, and what each outstanding head holds. Everything the device sees goes
/// through ``GuestMemory``.
public struct SplitDriver: Equatable, Sendable {
  /// When the driver puts a multi-buffer chain into an indirect table.
  public enum IndirectPolicy: String, Equatable, Sendable, CaseIterable {
    /// Linux's rule (`virtqueue_use_indirect`): negotiated, more than one buffer, and at least one free descriptor.
    case auto
    /// Always, for any chain (requires VIRTIO_F_INDIRECT_DESC).
    case always
    /// Never: chain descriptors in the table.
    case never
  }

  /// What the driver remembers about a chain it made available (Linux `desc_state` / `desc_extra`).
  public struct Outstanding: Equatable, Sendable {
    /// Ring descriptors used, in chain order (one when indirect).
    public var descriptors: [UInt16]
    /// The buffers, as the driver built them.
    public var buffers: [DescriptorChain.Buffer]
    /// The indirect table, if one was used.
    public var indirectTable: DescriptorChain.IndirectTable?
  }

  /// The layout the driver allocated.
  public let layout: SplitLayout
  /// The negotiated features.
  public internal(set) var features: VirtioFeatures = []
  /// When to use indirect tables.
  public var indirectPolicy: IndirectPolicy = .auto
  /// The guest allocator for buffers and indirect tables.
  public var allocator: GuestAllocator

  /// Head of the free-descriptor list.
  public private(set) var freeHead: UInt16 = 0
  /// Number of free descriptors (Linux `num_free`).
  public private(set) var numFree: Int
  /// `desc_extra[i].next`: the free list's links (and chain links of outstanding chains).
  public private(set) var links: [UInt16]
  /// Linux `avail_idx_shadow`: the avail index including chains added but not yet published.
  public private(set) var availIdxShadow: UInt16 = 0
  /// The value last written to `avail.idx`.
  public private(set) var publishedIdx: UInt16 = 0
  /// `avail.idx` when the driver last decided whether to kick.
  public private(set) var kickedIdx: UInt16 = 0
  /// Linux `last_used_idx`: the next used-ring entry to reclaim.
  public private(set) var lastUsedIdx: UInt16 = 0
  /// Whether the driver wants used-buffer notifications (the inverse of Linux's `avail_flags_shadow`).
  public private(set) var interruptsEnabled = true
  /// The chain the device has not returned yet that starts at `head`, if any (no copy of the other heads).
  public func outstanding(head: UInt16) -> Outstanding? {
    Int(head) < records.count && active[Int(head)] ? records[Int(head)] : nil
  }
  /// Every chain the device has not returned yet, by ascending head (builds an array: for tests and inspection).
  public var outstandingChains: [Outstanding] { records.indices.filter { active[$0] }.map { records[$0] } }
  /// Number of outstanding chains.
  public private(set) var outstandingCount = 0
  /// Per-head chain records, kept between uses so that adding and reclaiming allocate nothing once warm.
  var records: [Outstanding]
  /// Which heads are outstanding.
  var active: [Bool]
  /// Set after the device returned something impossible (Linux `vq->broken`).
  public private(set) var isBroken = false

  /// Creates the driver side for `layout`, handing out buffers from `allocator`.
  public init(layout: SplitLayout, allocator: GuestAllocator) {
    self.layout = layout
    self.allocator = allocator
    numFree = layout.size
    links = (0..<layout.size).map { UInt16(truncatingIfNeeded: $0 + 1) }
    records = Array(repeating: Outstanding(descriptors: [], buffers: [], indirectTable: nil), count: layout.size)
    active = Array(repeating: false, count: layout.size)
  }

  /// Chains added and published since the last kick decision (Linux `num_added`).
  public var numAdded: UInt16 { publishedIdx &- kickedIdx }
  /// Chains added but not yet published.
  public var unpublished: UInt16 { availIdxShadow &- publishedIdx }

  /// Whether a chain of `count` buffers goes into an indirect table under the current policy.
  public func usesIndirect(bufferCount count: Int) -> Bool {
    switch indirectPolicy {
    case .auto: return features.contains(.indirectDesc) && count > 1 && numFree > 0
    case .always: return true
    case .never: return false
    }
  }

  // MARK: - Supplying buffers (2.7.13 Supplying Buffers to The Device)

  /// Allocates buffers, writes `readable` contents into them, builds the chain (readable buffers first, then
  /// `writable` buffers of the given sizes) and puts its head into the next available-ring slot. Does not publish.
  ///
  /// - Returns: the head descriptor index.
  /// - Throws: `queue-full` when descriptors run out, `queue-broken` after a device error,
  ///   `indirect-not-negotiated` when the policy demands indirect without the feature.
  public mutating func add(
    readable: [[UInt8]], writable: [Int], memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) -> UInt16 {
    guard !isBroken else { throw VirtqueueError(.queueBroken, "virtqueue is broken; add refused (-EIO)") }
    let total = readable.count + writable.count
    guard total > 0 else { throw VirtqueueError(.zeroLengthBuffer, "a chain needs at least one buffer") }
    let indirect = usesIndirect(bufferCount: total)
    if indirect && !features.contains(.indirectDesc) {
      throw VirtqueueError(.indirectNotNegotiated, "indirect table requested but VIRTIO_F_INDIRECT_DESC was not negotiated")
    }
    let needed = indirect ? 1 : total
    guard numFree >= needed else {
      throw VirtqueueError(.queueFull, "Can't add buf len \(needed) - avail = \(numFree) (-ENOSPC)")
    }
    let head = freeHead
    // Reuse the head's record: take it out so its arrays are uniquely referenced, refill, put it back.
    var record = records[Int(head)]
    records[Int(head)] = Outstanding(descriptors: [], buffers: [], indirectTable: nil)
    record.descriptors.removeAll(keepingCapacity: true)
    record.buffers.removeAll(keepingCapacity: true)
    record.indirectTable = nil
    do {
      try allocateBuffers(into: &record.buffers, readable: readable, writable: writable, memory: &memory, trace: &trace)
      if indirect {
        try writeIndirect(&record, head: head, memory: &memory, trace: &trace)
      } else {
        try writeChain(&record, head: head, memory: &memory, trace: &trace)
      }
    } catch {
      release(record)
      records[Int(head)] = record
      throw error
    }
    records[Int(head)] = record
    active[Int(head)] = true
    outstandingCount += 1
    let slot = layout.slot(availIdxShadow)
    try memory.tracedStore(head, field: .availRing(slot), at: layout.availEntry(slot), by: .driver, trace: &trace)
    availIdxShadow &+= 1
    trace.record(
      TraceEntry(
        role: .driver, kind: .chainAdded, value: UInt64(head),
        note: .chainAdded(readable: readable.count, writable: writable.count, indirect: indirect, slot: slot, numFree: numFree)))
    return head
  }

  /// Allocates the buffers into `buffers` (so a failure part-way can release what was allocated).
  private mutating func allocateBuffers(
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
          note: .bufferFilled, data: data))
    }
    for size in writable {
      let address = try allocate(UInt64(size), alignment: 16)
      buffers.append(.init(address: address, length: UInt32(size), isWritable: true, source: .buffer(address, length: size)))
    }
  }

  private mutating func allocate(_ length: UInt64, alignment: UInt64) throws(VirtqueueError) -> GuestAddress {
    guard length > 0 else { throw VirtqueueError(.zeroLengthBuffer, "a buffer of length 0 cannot be added") }
    guard length <= UInt64(UInt32.max), let address = allocator.allocate(length, alignment: alignment) else {
      throw VirtqueueError(.queueFull, "guest allocator cannot find \(length) free bytes for a buffer")
    }
    return address
  }

  private mutating func writeChain(_ record: inout Outstanding, head: UInt16, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError)
  {
    let count = record.buffers.count
    record.descriptors.reserveCapacity(count)
    var index = head
    for n in 0..<count {
      let isLast = n == count - 1
      let next = links[Int(index)]
      let buffer = record.buffers[n]
      var flags: DescriptorFlags = buffer.isWritable ? .write : []
      if !isLast { flags.insert(.next) }
      let descriptor = SplitDescriptor(address: buffer.address, length: buffer.length, flags: flags, next: isLast ? 0 : next)
      try writeDescriptor(descriptor, index: Int(index), memory: &memory, trace: &trace)
      record.buffers[n].source = .descriptor(Int(index), .addr)
      record.descriptors.append(index)
      index = next
    }
    freeHead = index
    numFree -= count
  }

  private mutating func writeIndirect(_ record: inout Outstanding, head: UInt16, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError)
  {
    let count = record.buffers.count
    let table = try allocate(UInt64(count) * SplitDescriptor.size, alignment: 16)
    record.indirectTable = .init(address: table, count: count)
    for i in 0..<count {
      let buffer = record.buffers[i]
      let isLast = i == count - 1
      var flags: DescriptorFlags = buffer.isWritable ? .write : []
      if !isLast { flags.insert(.next) }
      let entry = SplitDescriptor(address: buffer.address, length: buffer.length, flags: flags, next: isLast ? 0 : UInt16(i + 1))
      try writeDescriptor(entry, at: table + 16 * UInt64(i), field: { .indirect(table: table, i, $0) }, memory: &memory, trace: &trace)
      record.buffers[i].source = .indirect(table: table, i, .addr)
    }
    let ring = SplitDescriptor(address: table, length: UInt32(count) * 16, flags: .indirect, next: 0)
    try writeDescriptor(ring, index: Int(head), memory: &memory, trace: &trace)
    record.descriptors.append(head)
    freeHead = links[Int(head)]
    numFree -= 1
  }

  private func writeDescriptor(_ d: SplitDescriptor, index: Int, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError)
  {
    try writeDescriptor(d, at: layout.descriptor(index), field: { .descriptor(index, $0) }, memory: &memory, trace: &trace)
  }

  private func writeDescriptor(
    _ d: SplitDescriptor, at base: GuestAddress, field: (DescriptorPart) -> RingField, memory: inout GuestMemory,
    trace: inout Trace
  ) throws(VirtqueueError) {
    try memory.tracedStore(d.address, field: field(.addr), at: base, by: .driver, trace: &trace)
    try memory.tracedStore(d.length, field: field(.len), at: base + 8, by: .driver, trace: &trace)
    try memory.tracedStore(d.flags.rawValue, field: field(.flags), at: base + 12, by: .driver, trace: &trace)
    try memory.tracedStore(d.next, field: field(.next), at: base + 14, by: .driver, trace: &trace)
  }

  /// Exposes every added chain: a write barrier, then `avail.idx` = the shadow index (2.7.13 steps 4–5).
  public mutating func publish(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    let old = publishedIdx
    trace.record(TraceEntry(role: .driver, kind: .barrier, note: .barrier(.driverPublish)))
    memory.releaseFence()
    try memory.tracedStore(availIdxShadow, field: .availIdx, at: layout.availIdx, by: .driver, trace: &trace)
    publishedIdx = availIdxShadow
    trace.record(
      TraceEntry(
        role: .driver, kind: .availPublished, field: .availIdx, address: layout.availIdx, length: 2,
        value: UInt64(publishedIdx), oldValue: UInt64(old), note: .published))
  }

  /// Decides whether to notify the device (Linux `virtqueue_kick_prepare_split`): a full barrier, then
  /// `used.avail_event` with `vring_need_event` when VIRTIO_F_EVENT_IDX is negotiated, else `used.flags` NO_NOTIFY.
  public mutating func kickPrepare(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> Bool {
    let old = kickedIdx
    let new = publishedIdx
    kickedIdx = new
    trace.record(TraceEntry(role: .driver, kind: .barrier, note: .barrier(.driverBeforeKickCheck)))
    memory.fullFence()
    if features.contains(.eventIdx) {
      let event: UInt16 = try memory.tracedLoad(UInt16.self, field: .availEvent, at: layout.availEvent, by: .driver, trace: &trace)
      let needs = EventIndex.needsEvent(event: event, new: new, old: old)
      record(kick: needs, because: .availEvent(event: event, new: new, old: old, needed: needs), trace: &trace)
      return needs
    }
    let flags: UInt16 = try memory.tracedLoad(UInt16.self, field: .usedFlags, at: layout.usedFlags, by: .driver, trace: &trace)
    let needs = flags & RingFlags.usedNoNotify == 0
    record(kick: needs, because: .usedFlags(noNotify: !needs), trace: &trace)
    return needs
  }

  private func record(kick: Bool, because reason: TraceNote.Decision, trace: inout Trace) {
    trace.record(TraceEntry(role: .driver, kind: kick ? .kick : .kickSuppressed, note: .kick(reason)))
  }

  mutating func markBroken() { isBroken = true }

  mutating func release(_ chain: Outstanding) {
    for buffer in chain.buffers { allocator.release(buffer.address, length: UInt64(buffer.length)) }
    if let table = chain.indirectTable { allocator.release(table.address, length: UInt64(table.count) * 16) }
  }

  mutating func returnDescriptors(of head: UInt16, _ chain: Outstanding) {
    // Linux detach_buf_split: the freed chain goes to the front of the free list, in chain order.
    guard let last = chain.descriptors.last else { return }
    for (a, b) in zip(chain.descriptors, chain.descriptors.dropFirst()) { links[Int(a)] = b }
    links[Int(last)] = freeHead
    freeHead = head
    numFree += chain.descriptors.count
    active[Int(head)] = false
    outstandingCount -= 1
  }

  mutating func advanceLastUsed() { lastUsedIdx &+= 1 }
  mutating func setInterruptsEnabled(_ enabled: Bool) { interruptsEnabled = enabled }
}
