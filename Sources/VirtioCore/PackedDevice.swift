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
  /// Elements popped and not yet filled, oldest first (built on demand, for inspection).
  public var inFlight: [Element] { held.elements.map(element) }
  /// Elements filled and not yet flushed (QEMU `used_elems`), in fill order (built on demand).
  public var filled: [Element] { filledHeld.elements.map(element) }
  /// QEMU `signalled_used`: `used_idx` at the last interrupt decision.
  public internal(set) var signalledUsed: UInt16 = 0
  /// QEMU `signalled_used_valid` (cleared when `used_idx` wraps).
  public internal(set) var signalledUsedValid = false
  /// Whether the device wants available-buffer notifications (kicks).
  public internal(set) var notificationsEnabled = true
  /// Set after a malformed ring: the device ignores the queue until reset.
  public internal(set) var isBroken = false

  /// A chain the device holds, as plain values (QEMU `VirtQueueElement` without its iovecs): its buffers are a
  /// range of ``resolved``.
  struct Held: Equatable, Sendable {
    var id: UInt16 = 0
    var firstSlot = 0
    var descriptorCount = 0
    var range = ResolvedBuffers.Range()
    var length: UInt32 = 0
    /// Bytes in the chain's device-readable buffers (the walk's sum), so that a read can size its buffer at once.
    var readable = 0
  }
  /// The chains popped and not yet filled, oldest first.
  var held: PackedFIFO<Held>
  /// The chains filled and not yet flushed, in fill order.
  var filledHeld: PackedFIFO<Held>
  /// The resolved buffers of every chain held or filled.
  var resolved = ResolvedBuffers()

  /// The element of a held chain, as a value.
  func element(_ h: Held) -> Element {
    var chain = DescriptorChain(head: h.id, buffers: resolved.array(h.range))
    chain.indirectTable = h.range.indirectTable
    return Element(chain: chain, firstSlot: h.firstSlot, descriptorCount: h.descriptorCount, length: h.length)
  }

  /// Equal when the indices, counters and chains held are (whatever is left over in the buffer table).
  public static func == (a: PackedDevice, b: PackedDevice) -> Bool {
    a.layout == b.layout && a.features == b.features && a.lastAvailIdx == b.lastAvailIdx && a.availWrapCounter == b.availWrapCounter
      && a.usedIdx == b.usedIdx && a.usedWrapCounter == b.usedWrapCounter && a.signalledUsed == b.signalledUsed
      && a.signalledUsedValid == b.signalledUsedValid && a.notificationsEnabled == b.notificationsEnabled
      && a.isBroken == b.isBroken && a.inFlight == b.inFlight && a.filled == b.filled
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
    held = PackedFIFO(capacity: layout.size, filler: Held())
    filledHeld = PackedFIFO(capacity: layout.size, filler: Held())
  }

  /// QEMU `virtio_reset` for this queue: indices 0, both wrap counters back to 1, nothing in flight.
  public mutating func reset() { self = PackedDevice(layout: layout, features: features) }

  mutating func markBroken() { isBroken = true }
  mutating func setFeatures(_ f: VirtioFeatures) { features = f }

  /// QEMU `inuse`: chains popped and not yet flushed.
  public var inUse: Int { held.count + filledHeld.count }
  /// The number of chains in flight (the seam's name for ``inUse``).
  public var inFlightCount: Int { inUse }
  /// The oldest chain in flight, if any.
  public var oldestInFlight: DescriptorChain? { held.first.map { element($0).chain } }

  // MARK: - Taking buffers (QEMU virtqueue_packed_pop)

  /// Takes and validates the next available chain, or returns nil when `desc[last_avail_idx]` is not available
  /// for the device's wrap counter (a spurious notification is handled quietly).
  public mutating func pop(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> DescriptorChain? {
    try popID(memory: &memory, trace: &trace) == nil ? nil : element(held[held.count - 1]).chain
  }

  /// ``pop(memory:trace:)`` returning only the Buffer ID: the chain stays in ``inFlight`` (its newest element).
  public mutating func popID(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> UInt16? {
    if !trace.isEnabled, let view = memory.packedRing(layout) { return try popIDUntraced(view, memory: &memory, trace: &trace) }
    return try popIDTraced(memory: &memory, trace: &trace)
  }

  /// ``popID(memory:trace:)`` through the checked, traced accessors (out of line, so that the untraced call stays small).
  @inline(never) private mutating func popIDTraced(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> UInt16? {
    let slot = lastAvailIdx
    let port = PackedRingPort(layout: layout, memory: &memory, trace: trace)
    let raw = try port.load(UInt16.self, slot, .flags, by: .device, memory: &memory, trace: &trace)
    let flags = PackedDescriptorFlags(rawValue: raw)
    guard flags.isAvailable(wrap: availWrapCounter) else {
      let wrap = availWrapCounter
      trace.record(role: .device, kind: .queueEmpty, code: .packed(.notAvailable(slot: Int32(slot), flags: raw, wrap: wrap)))
      return nil
    }
    guard inUse < layout.size else { throw tooManyInFlight() }
    trace.record(role: .device, kind: .barrier, code: .packed(.barrier(.pop, slot: Int32(slot))))
    memory.acquireFence()
    let head = try PackedChainWalker.readRest(slot, flags: raw, port: port, memory: &memory, trace: &trace)
    if resolved.needsCompaction { compactResolved() }
    let start = resolved.end
    var walker = PackedChainWalker(layout: layout, features: features, first: slot)
    do {
      try walker.walk(head: head, port: port, into: &resolved, memory: &memory, trace: &trace)
    } catch {
      resolved.truncate(to: start)
      throw error
    }
    let range = ResolvedBuffers.Range(start: start, count: resolved.end - start, indirectTable: walker.indirectTable)
    resolved.hold(range)
    let (next, wrapped) = layout.advance(slot, by: walker.ringDescriptors)
    lastAvailIdx = next
    if wrapped { availWrapCounter.toggle() }
    let wrap = availWrapCounter
    trace.record(role: .device, kind: .index, value: UInt64(next), oldValue: UInt64(slot), code: .packed(.lastAvail(wrapped: wrapped, wrap: wrap)))
    trace.record(
      role: .device, kind: .chainPopped, value: UInt64(head.id),
      code: .packed(
        .popped(
          slot: Int32(slot), slots: Int32(walker.ringDescriptors), buffers: Int32(range.count), readable: walker.readableLength,
          writable: walker.writableLength, indirect: range.indirectTable != nil)))
    held.append(Held(id: head.id, firstSlot: slot, descriptorCount: walker.ringDescriptors, range: range, readable: Int(walker.readableLength)))
    return head.id
  }

  /// ``popID(memory:trace:)``'s common case: the trace off and the ring in one view of plain memory. The same steps
  /// and checks (QEMU `virtqueue_packed_pop`): `desc[last_avail_idx].flags` against the wrap counter, the in-flight
  /// limit, a read barrier, then the chain read and validated slot by slot.
  private mutating func popIDUntraced(_ ring: PackedRingView, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> UInt16?
  {
    let slot = lastAvailIdx
    let raw = ring.flags(slot)
    guard PackedDescriptorFlags(rawValue: raw).isAvailable(wrap: availWrapCounter) else { return nil }
    guard inUse < layout.size else { throw tooManyInFlight() }
    memory.acquireFence()
    let head = ring.descriptor(slot, flags: raw)
    if resolved.needsCompaction { compactResolved() }
    let start = resolved.end
    var walker = PackedChainWalker(layout: layout, features: features, first: slot)
    do {
      try walker.walkUntraced(head: head, ring: ring, into: &resolved, memory: &memory, trace: &trace)
    } catch {
      resolved.truncate(to: start)
      throw error
    }
    let range = ResolvedBuffers.Range(start: start, count: resolved.end - start, indirectTable: walker.indirectTable)
    resolved.hold(range)
    let (next, wrapped) = layout.advance(slot, by: walker.ringDescriptors)
    lastAvailIdx = next
    if wrapped { availWrapCounter.toggle() }
    held.append(Held(id: head.id, firstSlot: slot, descriptorCount: walker.ringDescriptors, range: range, readable: Int(walker.readableLength)))
    return head.id
  }

  // Out of line, so that the message is built off the hot path.
  @inline(never) private func tooManyInFlight() -> VirtqueueError {
    VirtqueueError(.tooManyInFlight, "Virtqueue size exceeded: \(inUse) chains already in flight on a queue of \(layout.size)")
  }

  /// Moves the buffers of the chains held and filled to the front of the table (a device that keeps some chains
  /// for ever would otherwise grow it).
  private mutating func compactResolved() {
    var ranges = held.elements.map(\.range) + filledHeld.elements.map(\.range)
    resolved.compact(keeping: (0..<ranges.count).map { UInt16(truncatingIfNeeded: $0) }, ranges: &ranges)
    for p in 0..<held.count { held[p].range = ranges[p] }
    for p in 0..<filledHeld.count { filledHeld[p].range = ranges[held.count + p] }
  }
}
