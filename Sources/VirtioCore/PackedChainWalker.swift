/// Walks and validates one packed descriptor chain from its first ring slot, following at most one indirect table.
///
/// Shaped like QEMU `virtqueue_packed_pop` / `virtqueue_packed_read_next_desc`: the chain continues in the next
/// ring slot (wrapping at the end) while NEXT is set, and the AVAIL/USED bits of the slots after the first are not
/// re-checked. Inside an indirect table every one of its `len / 16` entries is a buffer (only WRITE is valid
/// there). The same named errors as the split ring's ``ChainWalker``; the walk is bounded by the queue size
/// ("Looped descriptor") and by the table size, so it always ends.
struct PackedChainWalker {
  let layout: PackedLayout
  let features: VirtioFeatures
  let first: Int
  /// Ring slots the chain occupies (QEMU `elem->ndescs`; one for an indirect chain).
  var ringDescriptors = 0
  var seenWritable = false
  /// The indirect table followed, if any.
  var indirectTable: DescriptorChain.IndirectTable?
  /// Total bytes of the device-readable and device-writable buffers accepted so far.
  var readableLength: UInt64 = 0
  var writableLength: UInt64 = 0

  /// `first` is the slot whose flags were found available.
  init(layout: PackedLayout, features: VirtioFeatures, first: Int) {
    self.layout = layout
    self.features = features
    self.first = first
  }

  /// Walks the chain whose first descriptor is `head` (already read), appending its buffers to `buffers`.
  mutating func walk(
    head: PackedDescriptor, port: PackedRingPort, into buffers: inout ResolvedBuffers, memory: inout GuestMemory, trace: inout Trace
  )
    throws(VirtqueueError)
  {
    var d = head
    var slot = first
    while true {
      ringDescriptors += 1
      guard ringDescriptors <= layout.size else { throw looped() }
      if d.flags.contains(.indirect) {
        try followIndirect(d, slot: slot, into: &buffers, memory: &memory, trace: &trace)
        return
      }
      try accept(d, source: .packed(.descriptor(slot, .addr)), into: &buffers, memory: memory)
      guard d.flags.contains(.next) else { return }
      slot = layout.advance(slot).slot
      d = try Self.read(slot, port: port, memory: &memory, trace: &trace)
    }
  }

  /// ``walk(head:port:into:memory:trace:)`` with the trace off and the ring in one view of plain memory: each ring
  /// descriptor is plain loads, with the same checks in the same order. An indirect table is guest-supplied memory
  /// and goes through the checked path.
  mutating func walkUntraced(
    head: PackedDescriptor, ring: PackedRingView, into buffers: inout ResolvedBuffers, memory: inout GuestMemory, trace: inout Trace
  )
    throws(VirtqueueError)
  {
    var d = head
    var slot = first
    while true {
      ringDescriptors += 1
      guard ringDescriptors <= layout.size else { throw looped() }
      if d.flags.contains(.indirect) {
        try followIndirect(d, slot: slot, into: &buffers, memory: &memory, trace: &trace)
        return
      }
      try accept(d, source: .packed(.descriptor(slot, .addr)), into: &buffers, memory: memory)
      guard d.flags.contains(.next) else { return }
      slot = layout.advance(slot).slot
      d = ring.descriptor(slot, flags: ring.flags(slot))
    }
  }

  // Out of line, so that the message is built off the hot path.
  @inline(never) private func looped() -> VirtqueueError {
    VirtqueueError(.loopedDescriptor, "Looped descriptor: chain from desc[\(first)] visits more than \(layout.size) descriptors")
  }

  private mutating func followIndirect(
    _ d: PackedDescriptor, slot: Int, into buffers: inout ResolvedBuffers, memory: inout GuestMemory, trace: inout Trace
  )
    throws(VirtqueueError)
  {
    guard features.contains(.indirectDesc) else {
      throw VirtqueueError(.indirectNotNegotiated, "desc[\(slot)] has INDIRECT but VIRTIO_F_INDIRECT_DESC was not negotiated")
    }
    guard !d.flags.contains(.next) else {
      throw VirtqueueError(.indirectWithNext, "desc[\(slot)] has both INDIRECT and NEXT; the driver MUST NOT set both")
    }
    guard d.length > 0, d.length % 16 == 0 else {
      throw VirtqueueError(.indirectBadSize, "Invalid size for indirect buffer table: desc[\(slot)].len = \(d.length) is not a non-zero multiple of 16")
    }
    let count = Int(d.length / 16)
    guard count <= ChainWalker.maximumIndirectEntries else {
      throw VirtqueueError(.indirectTooLarge, "Indirect buffer length too big: \(count) entries (desc[\(slot)].len = \(d.length))")
    }
    try memory.checkRange(d.address, length: UInt64(d.length), what: "Cannot map indirect buffer: table of desc[\(slot)]")
    indirectTable = .init(address: d.address, count: count)
    let table = d.address
    for e in 0..<count {
      let item = try Self.read(at: table + 16 * UInt64(e), field: { .indirect(table: table, e, $0) }, memory: &memory, trace: &trace)
      guard !item.flags.contains(.indirect) else {
        throw VirtqueueError(.nestedIndirect, "Nested indirect descriptor: entry \(e) of the table at \(hex(table))")
      }
      try accept(item, source: .packed(.indirect(table: table, e, .addr)), into: &buffers, memory: memory)
    }
  }

  private mutating func accept(_ d: PackedDescriptor, source: RingField, into buffers: inout ResolvedBuffers, memory: GuestMemory)
    throws(VirtqueueError)
  {
    guard d.length > 0 else { throw Self.zeroLength(source) }
    guard memory.contains(d.address, length: UInt64(d.length)) else { throw Self.bogusBuffer(d, source, memory) }
    let writable = d.flags.contains(.write)
    if writable {
      seenWritable = true
      writableLength &+= UInt64(d.length)
    } else if seenWritable {
      throw Self.readableAfterWritable(source)
    } else {
      readableLength &+= UInt64(d.length)
    }
    buffers.append(.init(address: d.address, length: d.length, isWritable: writable, source: source))
  }

  // The errors of ``accept(_:source:into:memory:)``, built out of line so that the walk carries no message code.

  /// `desc[i]` for the `desc[i].addr` a buffer came from.
  private static func name(_ source: RingField) -> String { String(source.description.dropLast(".addr".count)) }

  @inline(never) private static func zeroLength(_ source: RingField) -> VirtqueueError {
    VirtqueueError(.zeroLengthBuffer, "virtio: zero sized buffers are not allowed (\(name(source)).len = 0)")
  }

  /// What ``GuestMemory/checkRange(_:length:what:)`` throws for the buffer.
  @inline(never) private static func bogusBuffer(_ d: PackedDescriptor, _ source: RingField, _ memory: GuestMemory) -> VirtqueueError {
    memory.outOfRange(d.address, UInt64(d.length), "virtio: bogus descriptor: \(name(source)) buffer")
  }

  @inline(never) private static func readableAfterWritable(_ source: RingField) -> VirtqueueError {
    VirtqueueError(.readableAfterWritable, "Incorrect order for descriptors: \(name(source)) is device-readable after a device-writable buffer")
  }

  /// Reads ring descriptor `desc[slot]` in QEMU's order (`flags`, `addr`, `id`, `len`), through the ring port.
  static func read(_ slot: Int, port: PackedRingPort, memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> PackedDescriptor {
    let flags = try port.load(UInt16.self, slot, .flags, by: .device, memory: &memory, trace: &trace)
    return try readRest(slot, flags: flags, port: port, memory: &memory, trace: &trace)
  }

  /// Reads `addr`, `id`, `len` of ring descriptor `desc[slot]` whose flags were already read.
  static func readRest(_ slot: Int, flags: UInt16, port: PackedRingPort, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> PackedDescriptor
  {
    let address = try port.load(UInt64.self, slot, .addr, by: .device, memory: &memory, trace: &trace)
    let id = try port.load(UInt16.self, slot, .id, by: .device, memory: &memory, trace: &trace)
    let length = try port.load(UInt32.self, slot, .len, by: .device, memory: &memory, trace: &trace)
    return PackedDescriptor(address: address, length: length, id: id, flags: PackedDescriptorFlags(rawValue: flags))
  }

  /// Reads a whole descriptor in QEMU's order (`flags`, `addr`, `id`, `len`), tracing each field.
  static func read(at base: GuestAddress, field: (PackedDescriptorPart) -> PackedField, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> PackedDescriptor
  {
    let flags: UInt16 = try memory.tracedLoad(UInt16.self, field: .packed(field(.flags)), at: base + 14, by: .device, trace: &trace)
    return try readRest(at: base, flags: flags, field: field, memory: &memory, trace: &trace)
  }

  /// Reads `addr`, `id`, `len` of a descriptor whose flags were already read.
  static func readRest(
    at base: GuestAddress, flags: UInt16, field: (PackedDescriptorPart) -> PackedField, memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) -> PackedDescriptor {
    let address: UInt64 = try memory.tracedLoad(UInt64.self, field: .packed(field(.addr)), at: base, by: .device, trace: &trace)
    let id: UInt16 = try memory.tracedLoad(UInt16.self, field: .packed(field(.id)), at: base + 12, by: .device, trace: &trace)
    let length: UInt32 = try memory.tracedLoad(UInt32.self, field: .packed(field(.len)), at: base + 8, by: .device, trace: &trace)
    return PackedDescriptor(address: address, length: length, id: id, flags: PackedDescriptorFlags(rawValue: flags))
  }
}
