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
  public private(set) var lastAvailIdx: UInt16 = 0
  /// QEMU `used_idx`: the device's copy of `used.idx`.
  public private(set) var usedIdx: UInt16 = 0
  /// Chains popped and not yet pushed, oldest first (QEMU `inuse`).
  public var inFlight: [DescriptorChain] { inFlightHeads.map { chains[Int($0)] } }
  /// The number of chains in flight.
  public var inFlightCount: Int { inFlightHeads.count }
  /// The oldest chain in flight, if any.
  public var oldestInFlight: DescriptorChain? { inFlightHeads.first.map { chains[Int($0)] } }
  /// The chain in flight with this head, if any.
  public func inFlightChain(head: UInt16) -> DescriptorChain? {
    inFlightHeads.contains(head) ? chains[Int(head)] : nil
  }
  /// Heads in flight, oldest first.
  var inFlightHeads: [UInt16] = []
  /// The last chain popped for each head; the storage is reused, so popping allocates nothing once warm.
  var chains: [DescriptorChain]
  /// QEMU `signalled_used`: `used_idx` at the last interrupt decision.
  public private(set) var signalledUsed: UInt16 = 0
  /// QEMU `signalled_used_valid`.
  public private(set) var signalledUsedValid = false
  /// Whether the device wants available-buffer notifications (kicks).
  public private(set) var notificationsEnabled = true
  /// Set after a malformed ring: the device ignores the queue until reset (QEMU `vdev->broken`).
  public private(set) var isBroken = false

  /// Creates the device side for `layout`, starting at `lastAvailIdx` and `usedIdx` (both 0 for a new queue; a
  /// vhost-user back end gets them from `SET_VRING_BASE` and the used ring).
  public init(layout: SplitLayout, features: VirtioFeatures = [], lastAvailIdx: UInt16 = 0, usedIdx: UInt16 = 0) {
    self.layout = layout
    self.features = features
    self.lastAvailIdx = lastAvailIdx
    self.usedIdx = usedIdx
    chains = (0..<layout.size).map { DescriptorChain(head: UInt16(truncatingIfNeeded: $0)) }
    inFlightHeads.reserveCapacity(layout.size)
  }

  mutating func markBroken() { isBroken = true }

  // MARK: - Taking buffers (2.7.13 / QEMU virtqueue_split_pop)

  /// Takes and validates the next available chain, or returns nil when the queue is empty (a spurious
  /// notification is handled quietly, as the spec requires).
  public mutating func pop(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> DescriptorChain? {
    let availIdx: UInt16 = try memory.tracedLoad(UInt16.self, field: .availIdx, at: layout.availIdx, by: .device, trace: &trace)
    let pending = availIdx &- lastAvailIdx
    guard Int(pending) <= layout.size else {
      throw VirtqueueError(.availIndexJump, "Guest moved avail index from \(lastAvailIdx) to \(availIdx) (more than queue size \(layout.size) ahead)")
    }
    guard pending > 0 else {
      trace.record(TraceEntry(role: .device, kind: .queueEmpty, detail: "avail.idx = last_avail_idx = \(lastAvailIdx): nothing new, notification ignored"))
      return nil
    }
    guard inFlightHeads.count < layout.size else {
      throw VirtqueueError(.tooManyInFlight, "Virtqueue size exceeded: \(inFlightHeads.count) chains already in flight on a queue of \(layout.size)")
    }
    trace.record(TraceEntry(role: .device, kind: .barrier, note: .barrier(.devicePop)))
    memory.acquireFence()
    let slot = layout.slot(lastAvailIdx)
    let head: UInt16 = try memory.tracedLoad(UInt16.self, field: .availRing(slot), at: layout.availEntry(slot), by: .device, trace: &trace)
    guard Int(head) < layout.size else {
      throw VirtqueueError(.headOutOfRange, "Guest says index \(head) is available (avail.ring[\(slot)]; queue size \(layout.size))")
    }
    let old = lastAvailIdx
    lastAvailIdx &+= 1
    trace.record(TraceEntry(role: .device, kind: .index, value: UInt64(lastAvailIdx), oldValue: UInt64(old), note: .index("last_avail_idx")))
    if features.contains(.eventIdx) && notificationsEnabled {
      try memory.tracedStore(lastAvailIdx, field: .availEvent, at: layout.availEvent, by: .device, trace: &trace)
    }
    var reused = chains[Int(head)].buffers
    chains[Int(head)].buffers = []
    reused.removeAll(keepingCapacity: true)
    var walker = ChainWalker(layout: layout, features: features, head: head, storage: consume reused)
    let chain = try walker.walk(memory: &memory, trace: &trace)
    chains[Int(head)] = chain
    inFlightHeads.append(head)
    trace.record(
      TraceEntry(
        role: .device, kind: .chainPopped, value: UInt64(head),
        note: .popped(
          buffers: chain.buffers.count, readable: chain.readableLength, writable: chain.writableLength,
          indirect: chain.indirectTable != nil)))
    return chain
  }

  // MARK: - Using buffers

  /// Reads the device-readable buffers of `chain`, in order.
  public func readReadable(of chain: DescriptorChain, memory: GuestMemory, trace: inout Trace) throws(VirtqueueError) -> [UInt8] {
    var bytes: [UInt8] = []
    try readReadable(of: chain, into: &bytes, memory: memory, trace: &trace)
    return bytes
  }

  /// Appends the device-readable buffers of `chain` to `bytes`, in order.
  public func readReadable(of chain: DescriptorChain, into bytes: inout [UInt8], memory: GuestMemory, trace: inout Trace)
    throws(VirtqueueError)
  {
    bytes.reserveCapacity(bytes.count + Int(clamping: chain.readableLength))
    for buffer in chain.buffers where !buffer.isWritable {
      try memory.append(from: buffer.address, count: Int(buffer.length), to: &bytes)
      trace.record(
        TraceEntry(
          role: .device, kind: .read, field: .buffer(buffer.address, length: Int(buffer.length)), address: buffer.address,
          length: Int(buffer.length), note: .bufferRead))
    }
  }

  /// Writes `data` across the device-writable buffers of `chain`, in order; returns the bytes written.
  @discardableResult
  public func writeWritable(_ data: [UInt8], into chain: DescriptorChain, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> Int
  {
    var offset = 0
    for buffer in chain.buffers where buffer.isWritable && offset < data.count {
      let n = min(Int(buffer.length), data.count - offset)
      try memory.write(data, from: offset, count: n, at: buffer.address)
      trace.record(
        TraceEntry(
          role: .device, kind: .write, field: .buffer(buffer.address, length: n), address: buffer.address, length: n,
          note: .bufferWritten, data: offset == 0 && n == data.count ? data : Array(data[offset..<offset + n])))
      offset += n
    }
    return offset
  }

  // MARK: - Returning buffers (2.7.8 The Virtqueue Used Ring)

  /// Returns an in-flight chain: writes `used.ring[used_idx % N]` = {id, len}, a write barrier, then `used.idx`.
  /// With `head == nil` the oldest chain in flight is returned.
  public mutating func push(head: UInt16? = nil, length: UInt32, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> DescriptorChain?
  {
    guard let position = head.map({ h in inFlightHeads.firstIndex(of: h) }) ?? (inFlightHeads.isEmpty ? nil : 0) else {
      return nil
    }
    let chain = chains[Int(inFlightHeads.remove(at: position))]
    let slot = layout.slot(usedIdx)
    try memory.tracedStore(UInt32(chain.head), field: .usedRingID(slot), at: layout.usedElement(slot), by: .device, trace: &trace)
    try memory.tracedStore(length, field: .usedRingLen(slot), at: layout.usedElement(slot) + 4, by: .device, trace: &trace)
    trace.record(TraceEntry(role: .device, kind: .barrier, note: .barrier(.devicePush)))
    memory.releaseFence()
    let old = usedIdx
    usedIdx &+= 1
    try memory.tracedStore(usedIdx, field: .usedIdx, at: layout.usedIdx, by: .device, trace: &trace)
    trace.record(
      TraceEntry(
        role: .device, kind: .usedPushed, field: .usedIdx, value: UInt64(usedIdx), oldValue: UInt64(old),
        note: .pushed(slot: slot, id: chain.head, length: length)))
    return chain
  }

  /// Decides whether to interrupt the driver (QEMU `virtio_split_should_notify`): a full barrier, then
  /// `avail.used_event` with `vring_need_event` under EVENT_IDX, else `avail.flags` NO_INTERRUPT.
  public mutating func shouldInterrupt(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> Bool {
    trace.record(TraceEntry(role: .device, kind: .barrier, note: .barrier(.deviceBeforeInterruptCheck)))
    memory.fullFence()
    if features.contains(.eventIdx) {
      let valid = signalledUsedValid
      let old = signalledUsed
      signalledUsedValid = true
      signalledUsed = usedIdx
      let event: UInt16 = try memory.tracedLoad(UInt16.self, field: .usedEvent, at: layout.usedEvent, by: .device, trace: &trace)
      let needs = !valid || EventIndex.needsEvent(event: event, new: usedIdx, old: old)
      recordInterrupt(
        needs, valid ? .usedEvent(event: event, new: usedIdx, old: old, needed: needs) : .firstInterrupt, trace: &trace)
      return needs
    }
    let flags: UInt16 = try memory.tracedLoad(UInt16.self, field: .availFlags, at: layout.availFlags, by: .device, trace: &trace)
    let needs = flags & RingFlags.availNoInterrupt == 0
    recordInterrupt(needs, .availFlags(noInterrupt: !needs), trace: &trace)
    return needs
  }

  private func recordInterrupt(_ needs: Bool, _ reason: TraceNote.Decision, trace: inout Trace) {
    trace.record(TraceEntry(role: .device, kind: needs ? .interrupt : .interruptSuppressed, note: .interrupt(reason)))
  }

  /// Turns available-buffer notifications on or off (QEMU `virtio_queue_set_notification`): `used.flags`
  /// NO_NOTIFY without EVENT_IDX; with EVENT_IDX, enabling writes `avail_event` = the current `avail.idx`, and
  /// while disabled the device stops moving `avail_event` forward.
  public mutating func setNotifications(enabled: Bool, memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    notificationsEnabled = enabled
    trace.record(TraceEntry(role: .device, kind: .notifications, detail: enabled ? "device enables available-buffer notifications" : "device disables available-buffer notifications"))
    if features.contains(.eventIdx) {
      // QEMU vring_set_avail_event returns early while notifications are off: disabling writes nothing, and
      // avail_event simply stops following last_avail_idx.
      guard enabled else { return }
      let availIdx: UInt16 = try memory.tracedLoad(UInt16.self, field: .availIdx, at: layout.availIdx, by: .device, trace: &trace)
      try memory.tracedStore(availIdx, field: .availEvent, at: layout.availEvent, by: .device, trace: &trace)
    } else {
      try memory.tracedStore(enabled ? 0 : RingFlags.usedNoNotify, field: .usedFlags, at: layout.usedFlags, by: .device, trace: &trace)
    }
  }
}
