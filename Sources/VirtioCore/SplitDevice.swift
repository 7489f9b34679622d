/// The device side of a split virtqueue, shaped like QEMU `hw/virtio/virtio.c` (and rust-vmm `virtio-queue`).
///
/// Private state is only indices and bookkeeping: `last_avail_idx`, the shadow `used_idx`, the chains in flight,
/// and the `signalled_used` pair for EVENT_IDX. Everything else is read from guest memory and validated, because
/// the device must not trust the driver.
public struct SplitDevice: Equatable, Sendable {
  /// The layout the driver configured.
  public let layout: SplitLayout
  /// The negotiated features.
  public internal(set) var features: VirtioFeatures = []
  /// QEMU `last_avail_idx`: the next available-ring entry to take.
  public internal(set) var lastAvailIdx: UInt16 = 0
  /// QEMU `used_idx`: the device's copy of `used.idx`.
  public internal(set) var usedIdx: UInt16 = 0
  /// Chains popped and not yet pushed, oldest first (QEMU `inuse`; built on demand, for inspection).
  public var inFlight: [DescriptorChain] { inFlightHeads.heads.map(chain(head:)) }
  /// The number of chains in flight.
  public var inFlightCount: Int { inFlightHeads.count }
  /// The oldest chain in flight, if any.
  public var oldestInFlight: DescriptorChain? { inFlightHeads.first.map(chain(head:)) }
  /// The oldest head in flight, if any.
  public var oldestInFlightHead: UInt16? { inFlightHeads.first }
  /// The chain in flight with this head, if any.
  public func inFlightChain(head: UInt16) -> DescriptorChain? {
    inFlightHeads.position(of: head) != nil ? chain(head: head) : nil
  }
  /// Heads in flight, oldest first.
  var inFlightHeads: HeadQueue
  /// The resolved buffers of the chains in flight; `ranges[head]` says where each chain's are.
  var resolved = ResolvedBuffers()
  var ranges: [ResolvedBuffers.Range]
  /// Chains filled and not yet flushed (QEMU `used_elems` between `virtqueue_fill` and `virtqueue_flush`).
  public internal(set) var filled: [UsedElement] = []
  /// QEMU `signalled_used`: `used_idx` at the last interrupt decision.
  public internal(set) var signalledUsed: UInt16 = 0
  /// QEMU `signalled_used_valid`.
  public internal(set) var signalledUsedValid = false
  /// Whether the device wants available-buffer notifications (kicks).
  public internal(set) var notificationsEnabled = true
  /// Set after a malformed ring: the device ignores the queue until reset (QEMU `vdev->broken`).
  public internal(set) var isBroken = false

  /// Creates the device side for `layout`, starting at `lastAvailIdx` and `usedIdx` (both 0 for a new queue; a
  /// vhost-user back end gets them from `SET_VRING_BASE` and the used ring).
  public init(layout: SplitLayout, features: VirtioFeatures = [], lastAvailIdx: UInt16 = 0, usedIdx: UInt16 = 0) {
    self.layout = layout
    self.features = features
    self.lastAvailIdx = lastAvailIdx
    self.usedIdx = usedIdx
    inFlightHeads = HeadQueue(capacity: layout.size)
    ranges = Array(repeating: ResolvedBuffers.Range(), count: layout.size)
  }

  mutating func markBroken() { isBroken = true }

  // MARK: - Taking buffers (2.7.13 / QEMU virtqueue_split_pop)

  /// Takes and validates the next available chain, or returns nil when the queue is empty (a spurious
  /// notification is handled quietly, as the spec requires).
  public mutating func pop(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> DescriptorChain? {
    try popHead(memory: &memory, trace: &trace).map(chain(head:))
  }

  /// ``pop(memory:trace:)`` returning only the head: the chain stays in the device's table.
  @inline(__always) public mutating func popHead(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> UInt16? {
    if !trace.isEnabled, let view = memory.splitRing(layout) { return try popHeadUntraced(ring: view, memory: &memory, trace: &trace) }
    return try popHeadTraced(memory: &memory, trace: &trace)
  }

  /// ``popHead(memory:trace:)`` traced or through the checked accessors (out of line, so that the bus inlines only
  /// the common case).
  @inline(never) mutating func popHeadTraced(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> UInt16? {
    let ring = memory.holdsRing(layout)
    let availIdx: UInt16 = try memory.tracedLoad(UInt16.self, field: .availIdx, at: layout.availIdx, by: .device, trace: &trace, ring: ring)
    let pending = availIdx &- lastAvailIdx
    guard Int(pending) <= layout.size else { throw availIndexJump(to: availIdx) }
    guard pending > 0 else {
      trace.record(TraceEntry(role: .device, kind: .queueEmpty, detail: "avail.idx = last_avail_idx = \(lastAvailIdx): nothing new, notification ignored"))
      return nil
    }
    guard inFlightHeads.count < layout.size else { throw tooManyInFlight() }
    trace.record(role: .device, kind: .barrier, code: .barrier(.devicePop))
    memory.acquireFence()
    let slot = layout.slot(lastAvailIdx)
    let head: UInt16 = try memory.tracedLoad(UInt16.self, field: .availRing(slot), at: layout.availEntry(slot), by: .device, trace: &trace, ring: ring)
    guard Int(head) < layout.size else { throw headOutOfRange(head, slot: slot) }
    let old = lastAvailIdx
    lastAvailIdx &+= 1
    trace.record(role: .device, kind: .index, value: UInt64(lastAvailIdx), oldValue: UInt64(old), code: .index(.lastAvailIdx))
    if features.contains(.eventIdx) && notificationsEnabled {
      try memory.tracedStore(lastAvailIdx, field: .availEvent, at: layout.availEvent, by: .device, trace: &trace, ring: ring)
    }
    if resolved.needsCompaction {
      resolved.compact(keeping: inFlightHeads.heads, ranges: &ranges)
    }
    let start = resolved.end
    var walker = ChainWalker(layout: layout, features: features, head: head, ring: ring)
    do {
      ranges[Int(head)] = try walker.walk(into: &resolved, memory: &memory, trace: &trace)
    } catch {
      resolved.truncate(to: start)
      throw error
    }
    resolved.hold(ranges[Int(head)])
    inFlightHeads.append(head)
    trace.record(
        role: .device, kind: .chainPopped, value: UInt64(head),
        code: .popped(
          buffers: ranges[Int(head)].count, readable: length(of: head, writable: false),
          writable: length(of: head, writable: true), indirect: ranges[Int(head)].indirectTable != nil))
    return head
  }

  /// ``popHead(memory:trace:)``'s common case: the trace off and the rings in one view of plain memory. The same
  /// steps and checks (QEMU `virtqueue_split_pop`): `avail.idx` against `last_avail_idx`, a read barrier,
  /// `avail.ring[slot]` checked, `avail_event` under EVENT_IDX, then the chain walked and validated.
  @inline(__always) private mutating func popHeadUntraced(ring: SplitRingView, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> UInt16?
  {
    let availIdx = ring.availIdx
    let pending = availIdx &- lastAvailIdx
    guard Int(pending) <= layout.size else { throw availIndexJump(to: availIdx) }
    guard pending > 0 else { return nil }
    guard inFlightHeads.count < layout.size else { throw tooManyInFlight() }
    memory.acquireFence()
    let slot = layout.slot(lastAvailIdx)
    let head = ring.availEntry(slot)
    guard Int(head) < layout.size else { throw headOutOfRange(head, slot: slot) }
    lastAvailIdx &+= 1
    if features.contains(.eventIdx) && notificationsEnabled { ring.availEvent = lastAvailIdx }
    if resolved.needsCompaction {
      resolved.compact(keeping: inFlightHeads.heads, ranges: &ranges)
    }
    let start = resolved.end
    var walker = ChainWalker(layout: layout, features: features, head: head, ring: true)
    do {
      ranges[Int(head)] = try walker.walkUntraced(ring, into: &resolved, memory: &memory, trace: &trace)
    } catch {
      resolved.truncate(to: start)
      throw error
    }
    resolved.hold(ranges[Int(head)])
    inFlightHeads.append(head)
    return head
  }

  // The errors of a pop, out of line so that their messages are built off the hot path.
  @inline(never) private func availIndexJump(to availIdx: UInt16) -> VirtqueueError {
    VirtqueueError(.availIndexJump, "Guest moved avail index from \(lastAvailIdx) to \(availIdx) (more than queue size \(layout.size) ahead)")
  }

  @inline(never) private func tooManyInFlight() -> VirtqueueError {
    VirtqueueError(.tooManyInFlight, "Virtqueue size exceeded: \(inFlightHeads.count) chains already in flight on a queue of \(layout.size)")
  }

  @inline(never) private func headOutOfRange(_ head: UInt16, slot: Int) -> VirtqueueError {
    VirtqueueError(.headOutOfRange, "Guest says index \(head) is available (avail.ring[\(slot)]; queue size \(layout.size))")
  }

  /// The chain in flight (or last popped) at `head`, as a value.
  func chain(head: UInt16) -> DescriptorChain {
    let range = ranges[Int(head)]
    var chain = DescriptorChain(head: head, buffers: resolved.array(range))
    chain.indirectTable = range.indirectTable
    return chain
  }

  /// Total bytes of the chain at `head` that the device may write (or read).
  @inline(__always) func length(of head: UInt16, writable: Bool) -> UInt64 {
    let range = ranges[Int(head)]
    var total: UInt64 = 0
    for i in range.start..<range.start + range.count where resolved[i].isWritable == writable {
      total &+= UInt64(resolved[i].length)
    }
    return total
  }
}
