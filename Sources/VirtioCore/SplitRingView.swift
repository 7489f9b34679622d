/// The three parts of one split queue as plain memory, for the length of one operation (QEMU's
/// `MemoryRegionCache`, Linux's `vring` pointers).
///
/// The only way to get one is ``GuestMemory/splitRing(_:)``, which checks once that the whole ring (descriptor
/// table, available ring, used ring: 2.7.5, 2.7.6, 2.7.8) lies in the one writable region of owned or mapped memory
/// with no write log kept. After that the ring's own fields are plain little-endian loads and stores; each accessor
/// checks only its index against the queue size (a slot is `idx % N`, a descriptor index was checked by the caller
/// against N, and both are checked here again). Buffer and indirect-table addresses, which the guest supplies, never
/// go through this type: they stay behind ``GuestMemory``'s checked accessors. The pointers are private to this
/// type, and it is never stored beyond the operation that asked for it.
struct SplitRingView {
  private let descriptorTable: UnsafeMutableRawPointer
  private let availRing: UnsafeMutableRawPointer
  private let usedRing: UnsafeMutableRawPointer
  /// The queue size N.
  let size: Int

  /// The view of `layout`'s rings at `offset(address)` in the region starting at `base`; only
  /// ``GuestMemory/splitRing(_:)`` calls this, after checking the whole ring range.
  @inline(__always) init(base: UnsafeMutableRawPointer, regionStart: GuestAddress, layout: SplitLayout) {
    descriptorTable = base + Int(truncatingIfNeeded: layout.descriptorTable &- regionStart)
    availRing = base + Int(truncatingIfNeeded: layout.availRing &- regionStart)
    usedRing = base + Int(truncatingIfNeeded: layout.usedRing &- regionStart)
    size = layout.size
  }

  @inline(__always) private func checkIndex(_ index: Int) {
    precondition(index >= 0 && index < size, "split ring index outside the queue")
  }

  // MARK: - Descriptor table (2.7.5): addr +0, len +8, flags +12, next +14

  /// `desc[index]`.
  @inline(__always) func descriptor(_ index: Int) -> SplitDescriptor {
    checkIndex(index)
    let p = descriptorTable + 16 &* index
    return SplitDescriptor(
      address: UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)),
      length: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt32.self)),
      flags: DescriptorFlags(rawValue: UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 12, as: UInt16.self))),
      next: UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 14, as: UInt16.self)))
  }

  /// Writes `desc[index]`, in the order addr, len, flags, next.
  @inline(__always) func setDescriptor(_ d: SplitDescriptor, at index: Int) {
    checkIndex(index)
    let p = descriptorTable + 16 &* index
    p.storeBytes(of: d.address.littleEndian, as: UInt64.self)
    p.storeBytes(of: d.length.littleEndian, toByteOffset: 8, as: UInt32.self)
    p.storeBytes(of: d.flags.rawValue.littleEndian, toByteOffset: 12, as: UInt16.self)
    p.storeBytes(of: d.next.littleEndian, toByteOffset: 14, as: UInt16.self)
  }

  // MARK: - Available ring (2.7.6): flags +0, idx +2, ring[N] +4, used_event +4+2N

  /// `avail.flags`.
  @inline(__always) var availFlags: UInt16 { UInt16(littleEndian: availRing.loadUnaligned(as: UInt16.self)) }

  /// `avail.idx`.
  @inline(__always) var availIdx: UInt16 {
    get { UInt16(littleEndian: availRing.loadUnaligned(fromByteOffset: 2, as: UInt16.self)) }
    nonmutating set { availRing.storeBytes(of: newValue.littleEndian, toByteOffset: 2, as: UInt16.self) }
  }

  /// `avail.ring[slot]`.
  @inline(__always) func availEntry(_ slot: Int) -> UInt16 {
    checkIndex(slot)
    return UInt16(littleEndian: availRing.loadUnaligned(fromByteOffset: 4 &+ 2 &* slot, as: UInt16.self))
  }

  /// Writes `avail.ring[slot]`.
  @inline(__always) func setAvailEntry(_ head: UInt16, at slot: Int) {
    checkIndex(slot)
    availRing.storeBytes(of: head.littleEndian, toByteOffset: 4 &+ 2 &* slot, as: UInt16.self)
  }

  /// `avail.used_event` (Linux `vring_used_event`).
  @inline(__always) var usedEvent: UInt16 {
    get { UInt16(littleEndian: availRing.loadUnaligned(fromByteOffset: 4 &+ 2 &* size, as: UInt16.self)) }
    nonmutating set { availRing.storeBytes(of: newValue.littleEndian, toByteOffset: 4 &+ 2 &* size, as: UInt16.self) }
  }

  // MARK: - Used ring (2.7.8): flags +0, idx +2, ring[N] {id, len} +4, avail_event +4+8N

  /// `used.flags`.
  @inline(__always) var usedFlags: UInt16 { UInt16(littleEndian: usedRing.loadUnaligned(as: UInt16.self)) }

  /// `used.idx`.
  @inline(__always) var usedIdx: UInt16 {
    get { UInt16(littleEndian: usedRing.loadUnaligned(fromByteOffset: 2, as: UInt16.self)) }
    nonmutating set { usedRing.storeBytes(of: newValue.littleEndian, toByteOffset: 2, as: UInt16.self) }
  }

  /// `used.ring[slot]`: the id and the length.
  @inline(__always) func usedElement(_ slot: Int) -> (id: UInt32, length: UInt32) {
    checkIndex(slot)
    let p = usedRing + (4 &+ 8 &* slot)
    return (
      UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)),
      UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
    )
  }

  /// Writes `used.ring[slot]`, id then len.
  @inline(__always) func setUsedElement(id: UInt32, length: UInt32, at slot: Int) {
    checkIndex(slot)
    let p = usedRing + (4 &+ 8 &* slot)
    p.storeBytes(of: id.littleEndian, as: UInt32.self)
    p.storeBytes(of: length.littleEndian, toByteOffset: 4, as: UInt32.self)
  }

  /// `used.avail_event` (Linux `vring_avail_event`).
  @inline(__always) var availEvent: UInt16 {
    get { UInt16(littleEndian: usedRing.loadUnaligned(fromByteOffset: 4 &+ 8 &* size, as: UInt16.self)) }
    nonmutating set { usedRing.storeBytes(of: newValue.littleEndian, toByteOffset: 4 &+ 8 &* size, as: UInt16.self) }
  }
}
