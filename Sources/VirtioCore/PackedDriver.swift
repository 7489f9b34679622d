/// The driver (guest) side of a packed virtqueue, shaped like Linux `drivers/virtio/virtio_ring.c`
/// (`virtqueue_add_packed`, `virtqueue_kick_prepare_packed`, `virtqueue_get_buf_ctx_packed`).
///
/// Private state: the Buffer ID free list (Linux `desc_extra[].next`, one entry per descriptor), `desc_state` per
/// id, `next_avail_idx` with the avail wrap counter and `avail_used_flags`, `last_used_idx` with the used wrap
/// counter, and the shadow of the driver event flags. Everything the device sees goes through ``GuestMemory``.
///
/// ``add(readable:writable:memory:trace:)`` writes every field of the chain except the first descriptor's flags;
/// ``publish(memory:trace:)`` writes those after a write barrier. Linux does both in one call; the tutor keeps
/// them apart so the moment a chain becomes visible is a step of its own, as `avail.idx` is for the split ring.
public struct PackedDriver: Equatable, Sendable {
  /// When the driver puts a multi-buffer chain into an indirect table (the split ring's rule, Linux
  /// `virtqueue_use_indirect`).
  public typealias IndirectPolicy = SplitDriver.IndirectPolicy

  /// What the driver remembers about a buffer it made available (Linux `desc_state[id]`).
  public struct Outstanding: Equatable, Sendable {
    /// Ring slots used, in chain order (one when indirect): Linux `desc_state[id].num` is their count.
    public var slots: [Int]
    /// The last `desc_extra` entry the chain took from the free list (Linux `desc_state[id].last`).
    public var last: UInt16
    /// The buffers, as the driver built them.
    public var buffers: [DescriptorChain.Buffer]
    /// The indirect table, if one was used.
    public var indirectTable: DescriptorChain.IndirectTable?
    /// Whether the driver allocated the buffers (and releases them when the device returns them).
    public var ownsBuffers: Bool
  }

  /// A chain written but whose first descriptor's flags are held back until ``publish(memory:trace:)``.
  public struct PendingHead: Equatable, Sendable {
    /// The chain's first slot and the flags it will get.
    public var slot: Int
    public var flags: PackedDescriptorFlags
    /// Where the next chain starts after this one, and the wrap counter there.
    public var end: Int
    public var endWrap: Bool
    /// Ring descriptors the chain uses.
    public var count: Int
  }

  /// The layout the driver allocated.
  public let layout: PackedLayout
  /// The negotiated features.
  public internal(set) var features: VirtioFeatures = []
  /// When to use indirect tables.
  public var indirectPolicy: IndirectPolicy = .auto
  /// The guest allocator for buffers and indirect tables.
  public var allocator: GuestAllocator

  /// Head of the Buffer ID free list (Linux `free_head`).
  public internal(set) var freeHead: UInt16 = 0
  /// Number of free descriptors (Linux `num_free`).
  public internal(set) var numFree: Int
  /// `desc_extra[i].next`: the free list's links.
  public internal(set) var links: [UInt16]
  /// Linux `packed.next_avail_idx`: the ring slot the next chain starts at.
  public internal(set) var nextAvailIdx = 0
  /// Linux `packed.avail_wrap_counter`: starts at 1, flips each time the driver passes the last slot.
  public internal(set) var availWrapCounter = true
  /// Linux `packed.avail_used_flags`: AVAIL = wrap, USED = !wrap (flipped mid-chain at the ring end).
  public internal(set) var availUsedFlags: PackedDescriptorFlags = .avail
  /// Chains written but not yet visible.
  public internal(set) var pending: [PendingHead] = []
  /// The slot after the last published chain and the wrap counter there.
  public internal(set) var publishedIdx = 0
  public internal(set) var publishedWrap = true
  /// Descriptors published since the last kick decision (Linux `num_added`, in descriptors for packed).
  public internal(set) var numAdded = 0
  /// Linux `last_used_idx` (the slot part): the next slot to look at for a used descriptor.
  public internal(set) var lastUsedIdx = 0
  /// Linux `packed.used_wrap_counter` (bit 15 of `last_used_idx` in newer kernels).
  public internal(set) var usedWrapCounter = true
  /// Linux `packed.event_flags_shadow`: what the driver last wrote to `driver_event.flags`.
  public internal(set) var eventFlagsShadow = PackedEvent.enable
  /// Linux in-order `batch_last`: the id and length of the used descriptor that ends the current batch.
  public internal(set) var batchLast: (id: UInt16, length: UInt32)? {
    get { batchLastID.map { ($0, batchLastLength) } }
    set { batchLastID = newValue?.id; batchLastLength = newValue?.length ?? 0 }
  }
  var batchLastID: UInt16?
  var batchLastLength: UInt32 = 0
  /// `desc_state[id]` for every id; meaningful where ``isOutstanding(_:)``.
  public internal(set) var states: [Outstanding]
  var active: [Bool]
  /// Number of outstanding buffers.
  public internal(set) var outstandingCount = 0
  /// Set after the device returned something impossible (Linux `vq->broken`).
  public internal(set) var isBroken = false

  /// Creates the driver side for `layout`, handing out buffers from `allocator`.
  public init(layout: PackedLayout, allocator: GuestAllocator) {
    self.layout = layout
    self.allocator = allocator
    numFree = layout.size
    links = (0..<layout.size).map { UInt16(truncatingIfNeeded: $0 + 1) }
    states = Array(repeating: Outstanding(slots: [], last: 0, buffers: [], indirectTable: nil, ownsBuffers: true), count: layout.size)
    active = Array(repeating: false, count: layout.size)
  }

  /// Whether buffer `id` is outstanding (Linux `desc_state[id].data != NULL`).
  public func isOutstanding(_ id: UInt16) -> Bool { Int(id) < active.count && active[Int(id)] }
  /// The outstanding buffer with this id.
  public func outstanding(_ id: UInt16) -> Outstanding? { isOutstanding(id) ? states[Int(id)] : nil }
  /// With VIRTIO_F_IN_ORDER the Buffer ID is the ring slot of the chain's first descriptor (Linux
  /// `PACKED_IN_ORDER`), and the device may return a whole batch with one used descriptor.
  public var inOrder: Bool { features.contains(.inOrder) }

  /// Whether a chain of `count` buffers goes into an indirect table under the current policy.
  public func usesIndirect(bufferCount count: Int) -> Bool {
    switch indirectPolicy {
    case .auto: return features.contains(.indirectDesc) && count > 1 && numFree > 0
    case .always: return true
    case .never: return false
    }
  }

  mutating func markBroken() { isBroken = true }
  mutating func setFeatures(_ f: VirtioFeatures) { features = f }

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
    try add(memory: &memory, trace: &trace, owned: true, describe: "\(readable.count) readable + \(writable.count) writable buffer(s)") {
      (d: inout PackedDriver, buffers: inout [DescriptorChain.Buffer], memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) in
      try d.allocateBuffers(into: &buffers, readable: readable, writable: writable, memory: &memory, trace: &trace)
    }
  }

  /// Makes buffers the caller placed in guest memory available, in the given order (Linux `virtqueue_add_sgs`
  /// with caller-owned memory): the driver neither allocates nor releases them. Only an indirect table, if one is
  /// used, comes from the allocator.
  public mutating func add(buffers: [DescriptorChain.Buffer], memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> UInt16
  {
    let writable = buffers.filter(\.isWritable).count
    return try add(memory: &memory, trace: &trace, owned: false, describe: "\(buffers.count - writable) readable + \(writable) writable buffer(s)") {
      (_: inout PackedDriver, list: inout [DescriptorChain.Buffer], _: inout GuestMemory, _: inout Trace) throws(VirtqueueError) in
      list.append(contentsOf: buffers)
    }
  }

  private mutating func add(
    memory: inout GuestMemory, trace: inout Trace, owned: Bool, describe: @autoclosure () -> String,
    fill: (inout PackedDriver, inout [DescriptorChain.Buffer], inout GuestMemory, inout Trace) throws(VirtqueueError) -> Void
  ) throws(VirtqueueError) -> UInt16 {
    guard !isBroken else { throw VirtqueueError(.queueBroken, "virtqueue is broken; add refused (-EIO)") }
    var record = takeRecord(owned: owned)
    do throws(VirtqueueError) {
      try fill(&self, &record.buffers, &memory, &trace)
      let total = record.buffers.count
      guard total > 0 else { throw VirtqueueError(.zeroLengthBuffer, "a chain needs at least one buffer") }
      guard total <= PackedLayout.maximumSize else {
        throw VirtqueueError(.queueFull, "Can't add buf len \(total): more buffers than the largest queue (32768) holds")
      }
      let indirect = usesIndirect(bufferCount: total)
      if indirect && !features.contains(.indirectDesc) {
        throw VirtqueueError(.indirectNotNegotiated, "indirect table requested but VIRTIO_F_INDIRECT_DESC was not negotiated")
      }
      let needed = indirect ? 1 : total
      guard numFree >= needed else {
        throw VirtqueueError(.queueFull, "Can't add buf len \(needed) - avail = \(numFree) (-ENOSPC)")
      }
      let id = inOrder ? UInt16(nextAvailIdx) : freeHead
      record.last = id
      let head = nextAvailIdx
      let headFlags = indirect
        ? try writeIndirect(&record, id: id, memory: &memory, trace: &trace)
        : try writeChain(&record, id: id, memory: &memory, trace: &trace)
      states[Int(id)] = record
      active[Int(id)] = true
      outstandingCount += 1
      numFree -= record.slots.count
      pending.append(PendingHead(slot: head, flags: headFlags, end: nextAvailIdx, endWrap: availWrapCounter, count: record.slots.count))
      trace.record(
        TraceEntry(
          role: .driver, kind: .chainAdded, value: UInt64(id),
          detail: "buffer id \(id) at desc[\(head)]: \(describe())" + (indirect ? " in an indirect table" : "")
            + "; desc[\(head)].flags held back; \(numFree) descriptors free"))
      return id
    } catch {
      release(record)
      throw error
    }
  }

  /// An empty `desc_state` record for the id this add will use, reusing the storage of that id's previous record
  /// (its arrays are moved out, so refilling them allocates nothing).
  private mutating func takeRecord(owned: Bool) -> Outstanding {
    let id = Int(inOrder ? UInt16(nextAvailIdx) : freeHead)
    var record = Outstanding(slots: [], last: 0, buffers: [], indirectTable: nil, ownsBuffers: owned)
    guard id < states.count, !active[id] else { return record }
    swap(&record.slots, &states[id].slots)
    swap(&record.buffers, &states[id].buffers)
    record.slots.removeAll(keepingCapacity: true)
    record.buffers.removeAll(keepingCapacity: true)
    return record
  }

  /// Writes a chain into consecutive ring slots; returns the first slot's flags (held back).
  private mutating func writeChain(_ record: inout Outstanding, id: UInt16, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> PackedDescriptorFlags
  {
    let head = nextAvailIdx
    var slot = head
    var headFlags: PackedDescriptorFlags = []
    var curr = freeHead
    var prev = curr
    // By index, not `enumerated()`: iterating the array while `record.buffers[n].source` is set would keep a
    // second reference to it, and the first store would copy the whole array (one allocation per chain).
    for n in record.buffers.indices {
      let buffer = record.buffers[n]
      var flags = availUsedFlags
      if n < record.buffers.count - 1 { flags.insert(.next) }
      if buffer.isWritable { flags.insert(.write) }
      let base = layout.descriptor(slot)
      let s = slot
      if slot == head {
        headFlags = flags
      } else {
        try memory.tracedStore(flags.rawValue, field: .packed(.descriptor(s, .flags)), at: base + 14, by: .driver, trace: &trace)
      }
      try memory.tracedStore(buffer.address, field: .packed(.descriptor(s, .addr)), at: base, by: .driver, trace: &trace)
      try memory.tracedStore(buffer.length, field: .packed(.descriptor(s, .len)), at: base + 8, by: .driver, trace: &trace)
      try memory.tracedStore(id, field: .packed(.descriptor(s, .id)), at: base + 12, by: .driver, trace: &trace)
      record.buffers[n].source = .packed(.descriptor(s, .addr))
      record.slots.append(s)
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
      record.last = prev
    }
    return headFlags
  }

  /// Writes an indirect table and the one ring descriptor pointing at it; returns that descriptor's flags.
  private mutating func writeIndirect(_ record: inout Outstanding, id: UInt16, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> PackedDescriptorFlags
  {
    let count = record.buffers.count
    let table = try allocate(UInt64(count) * PackedDescriptor.size, alignment: 16)
    record.indirectTable = .init(address: table, count: count)
    for i in record.buffers.indices {  // by index, for the reason given in writeChain
      let buffer = record.buffers[i]
      let base = table + 16 * UInt64(i)
      let flags: PackedDescriptorFlags = buffer.isWritable ? .write : []
      try memory.tracedStore(flags.rawValue, field: .packed(.indirect(table: table, i, .flags)), at: base + 14, by: .driver, trace: &trace)
      try memory.tracedStore(buffer.address, field: .packed(.indirect(table: table, i, .addr)), at: base, by: .driver, trace: &trace)
      try memory.tracedStore(buffer.length, field: .packed(.indirect(table: table, i, .len)), at: base + 8, by: .driver, trace: &trace)
      try memory.tracedStore(UInt16(0), field: .packed(.indirect(table: table, i, .id)), at: base + 12, by: .driver, trace: &trace)
      record.buffers[i].source = .packed(.indirect(table: table, i, .addr))
    }
    let head = nextAvailIdx
    let base = layout.descriptor(head)
    try memory.tracedStore(table, field: .packed(.descriptor(head, .addr)), at: base, by: .driver, trace: &trace)
    try memory.tracedStore(UInt32(count) * 16, field: .packed(.descriptor(head, .len)), at: base + 8, by: .driver, trace: &trace)
    try memory.tracedStore(id, field: .packed(.descriptor(head, .id)), at: base + 12, by: .driver, trace: &trace)
    let flags = availUsedFlags.union(.indirect)
    record.slots.append(head)
    let (next, wrapped) = layout.advance(head)
    if wrapped {
      flipAvailWrap(trace: &trace)
      availUsedFlags.formSymmetricDifference([.avail, .used])
    }
    nextAvailIdx = next
    if !inOrder {
      record.last = id
      freeHead = links[Int(id)]
    }
    return flags
  }

  private mutating func flipAvailWrap(trace: inout Trace) {
    availWrapCounter.toggle()
    trace.record(
      TraceEntry(
        role: .driver, kind: .index, value: availWrapCounter ? 1 : 0, oldValue: availWrapCounter ? 0 : 1,
        detail: "driver passed the last slot: avail wrap counter \(availWrapCounter ? 0 : 1) → \(availWrapCounter ? 1 : 0)"))
  }
}
