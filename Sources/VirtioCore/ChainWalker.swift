/// Walks and validates one descriptor chain from its head, following at most one indirect table.
///
/// Checks follow QEMU `virtqueue_split_pop` / `virtqueue_split_read_next_desc` and vhost `vhost_get_vq_desc` /
/// `get_indirect`, plus the spec rules they leave out (INDIRECT with NEXT, INDIRECT not negotiated). The walk is
/// bounded by the table size (QEMU's `max`, rust-vmm's `ttl`), so a looped chain ends in an error, never a hang.
struct ChainWalker {
  let layout: SplitLayout
  let features: VirtioFeatures
  let head: UInt16
  /// Whether the descriptor table is in memory the caller checked once (``GuestMemory/holdsRing(_:)``).
  let ring: Bool
  /// Where the chain's buffers go in the device's table.
  var range = ResolvedBuffers.Range()
  var seenWritable = false

  init(layout: SplitLayout, features: VirtioFeatures, head: UInt16, ring: Bool = false) {
    self.layout = layout
    self.features = features
    self.head = head
    self.ring = ring
  }

  /// The largest indirect table vhost accepts (`len / 16 > USHRT_MAX + 1` is refused).
  static let maximumIndirectEntries = 65536

  /// Walks the chain, appending its buffers to `table`; returns where they are.
  mutating func walk(into table: inout ResolvedBuffers, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> ResolvedBuffers.Range
  {
    range.start = table.end
    var index = Int(head)
    var visited = 0
    while true {
      visited += 1
      guard visited <= layout.size else { throw looped() }
      let d = try read(at: layout.descriptor(index), field: { .descriptor(index, $0) }, ring: ring, memory: &memory, trace: &trace)
      if d.flags.contains(.indirect) {
        try followIndirect(d, index: index, into: &table, memory: &memory, trace: &trace)
        return range
      }
      try accept(d, source: .descriptor(index, .addr), into: &table, memory: memory)
      guard d.flags.contains(.next) else { return range }
      guard Int(d.next) < layout.size else { throw nextOutOfRange(d.next, at: index) }
      index = Int(d.next)
    }
  }

  /// ``walk(into:memory:trace:)`` with the trace off and the descriptor table in one view of plain memory: each
  /// ring descriptor is one load of its 16 bytes, with the same checks in the same order. An indirect table is
  /// guest-supplied memory and goes through the checked path.
  @inline(__always) mutating func walkUntraced(
    _ ring: SplitRingView, into table: inout ResolvedBuffers, memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) -> ResolvedBuffers.Range {
    range.start = table.end
    var index = Int(head)
    var visited = 0
    while true {
      visited += 1
      guard visited <= layout.size else { throw looped() }
      let d = ring.descriptor(index)
      if d.flags.contains(.indirect) {
        try followIndirect(d, index: index, into: &table, memory: &memory, trace: &trace)
        return range
      }
      try accept(d, source: .descriptor(index, .addr), into: &table, memory: memory)
      guard d.flags.contains(.next) else { return range }
      guard Int(d.next) < layout.size else { throw nextOutOfRange(d.next, at: index) }
      index = Int(d.next)
    }
  }

  // The errors of a walk of the ring's table, out of line so that their messages are built off the hot path.
  @inline(never) private func looped() -> VirtqueueError {
    VirtqueueError(.loopedDescriptor, "Looped descriptor: chain from head \(head) visits more than \(layout.size) descriptors")
  }

  @inline(never) private func nextOutOfRange(_ next: UInt16, at index: Int) -> VirtqueueError {
    VirtqueueError(.nextOutOfRange, "Desc next is \(next) (desc[\(index)].next; queue size \(layout.size), head \(head))")
  }

  private mutating func followIndirect(
    _ d: SplitDescriptor, index: Int, into table: inout ResolvedBuffers, memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) {
    guard features.contains(.indirectDesc) else {
      throw VirtqueueError(.indirectNotNegotiated, "desc[\(index)] has INDIRECT but VIRTIO_F_INDIRECT_DESC was not negotiated")
    }
    guard !d.flags.contains(.next) else {
      throw VirtqueueError(.indirectWithNext, "desc[\(index)] has both INDIRECT and NEXT; the driver MUST NOT set both")
    }
    guard d.length > 0, d.length % 16 == 0 else {
      throw VirtqueueError(.indirectBadSize, "Invalid size for indirect buffer table: desc[\(index)].len = \(d.length) is not a non-zero multiple of 16")
    }
    let count = Int(d.length / 16)
    guard count <= Self.maximumIndirectEntries else {
      throw VirtqueueError(.indirectTooLarge, "Indirect buffer length too big: \(count) entries (desc[\(index)].len = \(d.length))")
    }
    try memory.checkRange(d.address, length: UInt64(d.length), what: "Cannot map indirect buffer: table of desc[\(index)]")
    range.indirectTable = .init(address: d.address, count: count)
    var entry = 0
    var visited = 0
    while true {
      visited += 1
      guard visited <= count else {
        throw VirtqueueError(.loopedDescriptor, "Looped descriptor: indirect table at \(hex(d.address)) visits more than its \(count) entries")
      }
      let e = entry
      let base = d.address
      let item = try read(
        at: base + 16 * UInt64(e), field: { .indirect(table: base, e, $0) }, ring: false, memory: &memory, trace: &trace)
      guard !item.flags.contains(.indirect) else {
        throw VirtqueueError(.nestedIndirect, "Nested indirect descriptor: entry \(e) of the table at \(hex(base))")
      }
      try accept(item, source: .indirect(table: base, e, .addr), into: &table, memory: memory)
      guard item.flags.contains(.next) else { return }
      guard Int(item.next) < count else {
        throw VirtqueueError(.nextOutOfRange, "Desc next is \(item.next) (entry \(e) of the indirect table at \(hex(base)) holds \(count))")
      }
      entry = Int(item.next)
    }
  }

  private mutating func accept(_ d: SplitDescriptor, source: RingField, into table: inout ResolvedBuffers, memory: GuestMemory)
    throws(VirtqueueError)
  {
    func name() -> String { String(source.description.dropLast(".addr".count)) }
    guard d.length > 0 else {
      throw VirtqueueError(.zeroLengthBuffer, "virtio: zero sized buffers are not allowed (\(name()).len = 0)")
    }
    try memory.checkRange(d.address, length: UInt64(d.length), what: "virtio: bogus descriptor: \(name()) buffer")
    let writable = d.flags.contains(.write)
    if writable {
      seenWritable = true
    } else if seenWritable {
      throw VirtqueueError(.readableAfterWritable, "Incorrect order for descriptors: \(name()) is device-readable after a device-writable buffer")
    }
    table.append(.init(address: d.address, length: d.length, isWritable: writable, source: source))
    range.count += 1
  }

  /// Reads one descriptor at `base`; `ring`: it is in the descriptor table, inside memory checked once.
  private func read(
    at base: GuestAddress, field: (DescriptorPart) -> RingField, ring: Bool, memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) -> SplitDescriptor {
    let address: UInt64 = try memory.tracedLoad(UInt64.self, field: field(.addr), at: base, by: .device, trace: &trace, ring: ring)
    let length: UInt32 = try memory.tracedLoad(UInt32.self, field: field(.len), at: base + 8, by: .device, trace: &trace, ring: ring)
    let flags: UInt16 = try memory.tracedLoad(UInt16.self, field: field(.flags), at: base + 12, by: .device, trace: &trace, ring: ring)
    let next: UInt16 = try memory.tracedLoad(UInt16.self, field: field(.next), at: base + 14, by: .device, trace: &trace, ring: ring)
    return SplitDescriptor(address: address, length: length, flags: DescriptorFlags(rawValue: flags), next: next)
  }
}
