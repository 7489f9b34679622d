/// The three parts of one packed queue as plain memory, for the length of one operation (QEMU's
/// `MemoryRegionCache`, Linux's mapped `vring_packed`): the packed ring's counterpart of ``SplitRingView``.
///
/// The only way to get one is ``GuestMemory/packedRing(_:)``, which checks once that the descriptor ring (16·N
/// bytes, 2.8.10.1) and both event suppression structures (4 bytes each, 2.8.10) lie in the one writable region of
/// owned or mapped memory with no write log kept. After that the ring's own fields are plain little-endian loads
/// and stores; each descriptor accessor checks only its slot against the queue size. Buffer and indirect-table
/// addresses, which the guest supplies, never go through this type: they stay behind ``GuestMemory``'s checked
/// accessors. The pointers are private to this type, and it is never stored beyond the operation that asked for it.
struct PackedRingView {
  private let ring: UnsafeMutableRawPointer
  private let driverEvent: UnsafeMutableRawPointer
  private let deviceEvent: UnsafeMutableRawPointer
  /// The queue size N.
  let size: Int

  /// The view of `layout`'s parts in the region starting at `base`; only ``GuestMemory/packedRing(_:)`` calls
  /// this, after checking the three ranges.
  @inline(__always) init(base: UnsafeMutableRawPointer, regionStart: GuestAddress, layout: PackedLayout) {
    ring = base + Int(truncatingIfNeeded: layout.descriptorRing &- regionStart)
    driverEvent = base + Int(truncatingIfNeeded: layout.driverEvent &- regionStart)
    deviceEvent = base + Int(truncatingIfNeeded: layout.deviceEvent &- regionStart)
    size = layout.size
  }

  @inline(__always) private func slotPointer(_ slot: Int) -> UnsafeMutableRawPointer {
    precondition(slot >= 0 && slot < size, "packed ring slot outside the queue")
    return ring + 16 &* slot
  }

  // MARK: - Descriptor ring (2.8.13, struct pvirtq_desc): addr +0, len +8, id +12, flags +14

  /// `desc[slot].flags`.
  @inline(__always) func flags(_ slot: Int) -> UInt16 {
    UInt16(littleEndian: slotPointer(slot).loadUnaligned(fromByteOffset: 14, as: UInt16.self))
  }

  /// Writes `desc[slot].flags`.
  @inline(__always) func setFlags(_ flags: UInt16, at slot: Int) {
    slotPointer(slot).storeBytes(of: flags.littleEndian, toByteOffset: 14, as: UInt16.self)
  }

  /// `desc[slot]` whose flags were already read: `addr`, `id`, `len` (QEMU's order).
  @inline(__always) func descriptor(_ slot: Int, flags: UInt16) -> PackedDescriptor {
    let p = slotPointer(slot)
    return PackedDescriptor(
      address: UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)),
      length: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt32.self)),
      id: UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 12, as: UInt16.self)),
      flags: PackedDescriptorFlags(rawValue: flags))
  }

  /// The `id` and `len` of a used descriptor (Linux `virtqueue_get_buf_ctx_packed`).
  @inline(__always) func used(_ slot: Int) -> (id: UInt16, length: UInt32) {
    let p = slotPointer(slot)
    return (
      UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 12, as: UInt16.self)),
      UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
    )
  }

  /// Writes `addr`, `len`, `id` of `desc[slot]`, in that order (Linux `virtqueue_add_packed`); not the flags.
  @inline(__always) func setBuffer(address: GuestAddress, length: UInt32, id: UInt16, at slot: Int) {
    let p = slotPointer(slot)
    p.storeBytes(of: address.littleEndian, as: UInt64.self)
    p.storeBytes(of: length.littleEndian, toByteOffset: 8, as: UInt32.self)
    p.storeBytes(of: id.littleEndian, toByteOffset: 12, as: UInt16.self)
  }

  /// Writes `id` then `len` of `desc[slot]` (QEMU `vring_packed_desc_write`); not the flags.
  @inline(__always) func setUsed(id: UInt16, length: UInt32, at slot: Int) {
    let p = slotPointer(slot)
    p.storeBytes(of: id.littleEndian, toByteOffset: 12, as: UInt16.self)
    p.storeBytes(of: length.littleEndian, toByteOffset: 8, as: UInt32.self)
  }

  // MARK: - Event suppression structures (2.8.10): off_wrap +0, flags +2

  /// `driver_event.off_wrap`.
  @inline(__always) var driverOffWrap: UInt16 {
    get { UInt16(littleEndian: driverEvent.loadUnaligned(as: UInt16.self)) }
    nonmutating set { driverEvent.storeBytes(of: newValue.littleEndian, as: UInt16.self) }
  }

  /// `driver_event.flags`.
  @inline(__always) var driverFlags: UInt16 {
    UInt16(littleEndian: driverEvent.loadUnaligned(fromByteOffset: 2, as: UInt16.self))
  }

  /// `device_event.off_wrap`.
  @inline(__always) var deviceOffWrap: UInt16 {
    UInt16(littleEndian: deviceEvent.loadUnaligned(as: UInt16.self))
  }

  /// `device_event.flags`.
  @inline(__always) var deviceFlags: UInt16 {
    UInt16(littleEndian: deviceEvent.loadUnaligned(fromByteOffset: 2, as: UInt16.self))
  }
}

extension GuestMemory {
  /// The parts of `layout` as one view of plain memory for this operation, when all three lie in the hot region,
  /// it is writable and no write log is kept (the untraced hot paths of the packed ring use it; nil sends them to
  /// the checked, traced path). In this file rather than `GuestMemory.swift` so that the packed ring's work stays
  /// in its own files.
  @inline(__always) func packedRing(_ layout: PackedLayout) -> PackedRingView? {
    // One test for the three parts: the hot region is one contiguous range, so it holds the ring and both event
    // structures exactly when it holds the range from the lowest of them to the end of the highest.
    guard hotWritable, backing.journal == nil, hotOffset(layout.span.start, layout.span.length) != nil else { return nil }
    return PackedRingView(base: hotBase, regionStart: hotStart, layout: layout)
  }
}
