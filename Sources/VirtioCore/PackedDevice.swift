/// The device side of a packed virtqueue, shaped like QEMU `hw/virtio/virtio.c` (`virtqueue_packed_pop`,
/// `virtqueue_packed_fill`/`_flush`, `virtio_packed_should_notify`, `virtio_queue_packed_set_notification`).
///
/// Private state is only indices and bookkeeping: `last_avail_idx` and `used_idx` with their wrap counters (both
/// start at 1 and return to 1 on reset), the elements in flight, the filled batch not yet flushed, and the
/// `signalled_used` pair. Everything else is read from guest memory and validated.
public struct PackedDevice: Equatable, Sendable {
  /// A chain taken from the ring (QEMU `VirtQueueElement`: `index` = Buffer ID, `ndescs`).
  public struct Element: Equatable, Sendable {
    /// The validated chain; its `head` is the Buffer ID from the first descriptor.
    public var chain: DescriptorChain
    /// The ring slot of the chain's first descriptor.
    public var firstSlot: Int
    /// Ring slots the chain occupies (one for an indirect chain).
    public var descriptorCount: Int
    /// `used.len` once filled.
    public var length: UInt32 = 0
  }

  /// The layout the driver configured.
  public let layout: PackedLayout
  /// The negotiated features.
  public internal(set) var features: VirtioFeatures
  /// QEMU `last_avail_idx`: the slot the next available chain starts at.
  public internal(set) var lastAvailIdx: Int
  /// QEMU `last_avail_wrap_counter`.
  public internal(set) var availWrapCounter: Bool
  /// QEMU `used_idx`: the slot the next used descriptor goes to.
  public internal(set) var usedIdx: Int
  /// QEMU `used_wrap_counter`.
  public internal(set) var usedWrapCounter: Bool
  /// Elements popped and not yet filled, oldest first.
  public internal(set) var inFlight: [Element] = []
  /// Elements filled and not yet flushed (QEMU `used_elems`), in fill order.
  public internal(set) var filled: [Element] = []
  /// QEMU `signalled_used`: `used_idx` at the last interrupt decision.
  public internal(set) var signalledUsed: UInt16 = 0
  /// QEMU `signalled_used_valid` (cleared when `used_idx` wraps).
  public internal(set) var signalledUsedValid = false
  /// Whether the device wants available-buffer notifications (kicks).
  public internal(set) var notificationsEnabled = true
  /// Set after a malformed ring: the device ignores the queue until reset.
  public internal(set) var isBroken = false
  /// Buffer arrays of flushed chains, kept for the next pops to refill (no allocation per pop).
  var spareBuffers = SpareBuffers()

  /// Storage recycled between chains. Not part of the device's state: two devices that differ only in their spare
  /// storage are equal.
  struct SpareBuffers: Equatable, Sendable {
    var arrays: [[DescriptorChain.Buffer]] = []
    static func == (_: SpareBuffers, _: SpareBuffers) -> Bool { true }

    /// An empty array, with capacity when one is spare.
    mutating func take() -> [DescriptorChain.Buffer] {
      guard var array = arrays.popLast() else { return [] }
      array.removeAll(keepingCapacity: true)
      return array
    }

    /// Keeps `array`'s storage for later (a few arrays at most).
    mutating func give(_ array: [DescriptorChain.Buffer]) {
      if arrays.count < 8 { arrays.append(array) }
    }
  }

  /// Creates the device side for `layout`; a vhost-user back end passes the indices and wrap counters it got
  /// from `SET_VRING_BASE` (QEMU `virtio_queue_packed_set_last_avail_idx`).
  public init(layout: PackedLayout, features: VirtioFeatures = [], lastAvailIdx: Int = 0, availWrapCounter: Bool = true,
              usedIdx: Int = 0, usedWrapCounter: Bool = true) {
    self.layout = layout
    self.features = features
    self.lastAvailIdx = lastAvailIdx
    self.availWrapCounter = availWrapCounter
    self.usedIdx = usedIdx
    self.usedWrapCounter = usedWrapCounter
  }

  /// QEMU `virtio_reset` for this queue: indices 0, both wrap counters back to 1, nothing in flight.
  public mutating func reset() { self = PackedDevice(layout: layout, features: features) }

  mutating func markBroken() { isBroken = true }
  mutating func setFeatures(_ f: VirtioFeatures) { features = f }

  /// QEMU `inuse`: chains popped and not yet flushed.
  public var inUse: Int { inFlight.count + filled.count }
  /// The number of chains in flight (the seam's name for ``inUse``).
  public var inFlightCount: Int { inUse }
  /// The oldest chain in flight, if any.
  public var oldestInFlight: DescriptorChain? { inFlight.first?.chain }

  // MARK: - Taking buffers (QEMU virtqueue_packed_pop)

  /// Takes and validates the next available chain, or returns nil when `desc[last_avail_idx]` is not available
  /// for the device's wrap counter (a spurious notification is handled quietly).
  public mutating func pop(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> DescriptorChain? {
    try popID(memory: &memory, trace: &trace) == nil ? nil : inFlight[inFlight.count - 1].chain
  }

  /// ``pop(memory:trace:)`` returning only the Buffer ID: the chain stays in ``inFlight`` (its newest element).
  public mutating func popID(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> UInt16? {
    let slot = lastAvailIdx
    let base = layout.descriptor(slot)
    let raw: UInt16 = try memory.tracedLoad(UInt16.self, field: .packed(.descriptor(slot, .flags)), at: base + 14, by: .device, trace: &trace)
    let flags = PackedDescriptorFlags(rawValue: raw)
    guard flags.isAvailable(wrap: availWrapCounter) else {
      trace.record(
        TraceEntry(
          role: .device, kind: .queueEmpty,
          detail: "desc[\(slot)].flags = \(flags) is not available for wrap \(availWrapCounter ? 1 : 0): nothing new, notification ignored"))
      return nil
    }
    guard inUse < layout.size else {
      throw VirtqueueError(.tooManyInFlight, "Virtqueue size exceeded: \(inUse) chains already in flight on a queue of \(layout.size)")
    }
    trace.record(TraceEntry(role: .device, kind: .barrier, detail: "smp_rmb(): read desc[\(slot)].flags before the rest of the descriptor"))
    memory.acquireFence()
    let head = try PackedChainWalker.readRest(at: base, flags: raw, field: { .descriptor(slot, $0) }, memory: &memory, trace: &trace)
    var walker = PackedChainWalker(layout: layout, features: features, first: slot, storage: spareBuffers.take())
    let chain = try walker.walk(head: head, memory: &memory, trace: &trace)
    let (next, wrapped) = layout.advance(slot, by: walker.ringDescriptors)
    lastAvailIdx = next
    if wrapped { availWrapCounter.toggle() }
    trace.record(
      TraceEntry(
        role: .device, kind: .index, value: UInt64(next), oldValue: UInt64(slot),
        detail: "last_avail_idx \(slot) → \(next)" + (wrapped ? ", avail wrap counter → \(availWrapCounter ? 1 : 0)" : "")))
    // Recorded before the chain moves into `inFlight` (nothing is traced in between), so the chain is moved, not
    // copied.
    trace.record(
      TraceEntry(
        role: .device, kind: .chainPopped, value: UInt64(chain.head),
        detail: "took buffer id \(chain.head) from desc[\(slot)] (\(walker.ringDescriptors) slot(s)): \(chain.buffers.count) buffer(s), \(byteCount(chain.readableLength)) readable, \(chain.writableLength) writable"
          + (chain.indirectTable != nil ? ", via an indirect table" : "")))
    let id = chain.head
    inFlight.append(Element(chain: chain, firstSlot: slot, descriptorCount: walker.ringDescriptors))
    return id
  }

  // MARK: - Returning buffers (QEMU virtqueue_packed_fill / virtqueue_packed_flush)

  /// Records that the in-flight chain with Buffer ID `id` (nil: the oldest; with VIRTIO_F_IN_ORDER always the
  /// oldest) is done with `length` bytes written. Nothing is written to the ring until ``flush(memory:trace:)``.
  @discardableResult
  public mutating func fill(id: UInt16? = nil, length: UInt32) -> DescriptorChain? {
    guard let position = inFlightPosition(id: id) else { return nil }
    fill(at: position, length: length)
    return filled[filled.count - 1].chain
  }

  /// Where the chain with Buffer ID `id` (nil, or VIRTIO_F_IN_ORDER: the oldest) is among the chains in flight.
  func inFlightPosition(id: UInt16?) -> Int? {
    guard let id, !features.contains(.inOrder) else { return inFlight.isEmpty ? nil : 0 }
    return inFlight.firstIndex { $0.chain.head == id }
  }

  /// ``fill(id:length:)`` for the chain at `position` of ``inFlight`` (the element moves, it is not copied).
  mutating func fill(at position: Int, length: UInt32) {
    var element = inFlight.remove(at: position)
    element.length = length
    filled.append(element)
  }

  /// Writes the filled batch to the ring (QEMU `virtqueue_packed_flush`): elements 1…n−1 at `used_idx` plus the
  /// slots of the elements before them, then element 0 at `used_idx` last (`id`, `len`, write barrier, `flags`),
  /// so the driver never sees part of a batch. With VIRTIO_F_IN_ORDER one used descriptor carries the last
  /// buffer's id for the whole batch. `used_idx` moves by the batch's slots and flips its wrap counter at the end.
  public mutating func flush(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    // The elements are read in place (`filled[k]`), never copied: a copy retains each chain's buffer array.
    guard !filled.isEmpty else { return }
    let last = filled.count - 1
    var total = filled[0].descriptorCount
    if features.contains(.inOrder) {
      for k in 1..<filled.count { total += filled[k].descriptorCount }
      try writeUsed(id: filled[last].chain.head, length: filled[last].length, offset: 0, strict: true, memory: &memory, trace: &trace)
    } else {
      for k in 1..<filled.count {
        try writeUsed(id: filled[k].chain.head, length: filled[k].length, offset: total, strict: false, memory: &memory, trace: &trace)
        total += filled[k].descriptorCount
      }
      try writeUsed(id: filled[0].chain.head, length: filled[0].length, offset: 0, strict: true, memory: &memory, trace: &trace)
    }
    let old = usedIdx
    let count = filled.count
    while let element = filled.popLast() { spareBuffers.give(element.chain.buffers) }
    let (next, wrapped) = layout.advance(usedIdx, by: total)
    usedIdx = next
    if wrapped {
      usedWrapCounter.toggle()
      signalledUsedValid = false
    }
    trace.record(
      TraceEntry(
        role: .device, kind: .index, value: UInt64(next), oldValue: UInt64(old),
        detail: "used_idx \(old) → \(next) after \(count) buffer(s)" + (wrapped ? ", used wrap counter → \(usedWrapCounter ? 1 : 0)" : "")))
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
    let id = inFlight[position].chain.head
    fill(at: position, length: length)
    try flush(memory: &memory, trace: &trace)
    return id
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
    let base = layout.descriptor(slot)
    var flags = PackedDescriptorFlags.marking(.device, wrap: wrap)
    if length > 0 { flags.insert(.write) }
    try memory.tracedStore(id, field: .packed(.descriptor(slot, .id)), at: base + 12, by: .device, trace: &trace)
    try memory.tracedStore(length, field: .packed(.descriptor(slot, .len)), at: base + 8, by: .device, trace: &trace)
    if strict {
      trace.record(TraceEntry(role: .device, kind: .barrier, detail: "smp_wmb(): id and len are written before desc[\(slot)].flags marks the batch used"))
      memory.releaseFence()
    }
    try memory.tracedStore(flags.rawValue, field: .packed(.descriptor(slot, .flags)), at: base + 14, by: .device, trace: &trace)
    trace.record(
      TraceEntry(
        role: .device, kind: .usedPushed, field: .packed(.descriptor(slot, .flags)), value: UInt64(id),
        detail: "desc[\(slot)] = used {id \(id), len \(length), \(flags)}"))
  }
}
