/// Where the three parts of a split virtqueue sit in guest memory (2.7 Split Virtqueues).
///
/// | Part | Alignment | Size |
/// |---|---|---|
/// | Descriptor Table | 16 | 16·N |
/// | Available Ring | 2 | 6 + 2·N |
/// | Used Ring | 4 | 6 + 8·N |
///
/// The legacy layout (2.7.2 Legacy Interfaces: A Note on Virtqueue Layout) is one contiguous block with the used
/// ring on the next 4096-byte boundary (`vring_size(N, 4096)` in Linux).
public struct SplitLayout: Equatable, Hashable, Sendable {
  /// Modern (1.x, three independent areas) or legacy (one contiguous block, used ring page-aligned).
  public enum Kind: String, Equatable, Hashable, Sendable, CaseIterable {
    case modern, legacy
  }

  /// The queue size N: a power of two from 1 to 32768.
  public let size: Int
  /// Which layout rule placed the parts.
  public let kind: Kind
  /// Guest-physical address of the descriptor table.
  public let descriptorTable: GuestAddress
  /// Guest-physical address of the available ring ("driver area").
  public let availRing: GuestAddress
  /// Guest-physical address of the used ring ("device area").
  public let usedRing: GuestAddress

  /// The lowest address of the three parts, and the bytes from there to the end of the highest one: the range the
  /// ring code checks once per operation (``GuestMemory/holdsRing(_:)``).
  public let ringStart: GuestAddress
  public let ringLength: UInt64

  /// The legacy "Queue Align" on PCI (`VIRTIO_PCI_VRING_ALIGN`).
  public static let legacyAlignment: UInt64 = 4096
  /// The largest split queue size: "the highest power of 2 which fits in 16 bits".
  public static let maximumSize = 32768

  /// Lays out a queue of `size` entries starting at `base`, contiguously, using the `kind` rule.
  public init(size: Int, kind: Kind = .modern, base: GuestAddress = 0x1000) throws(VirtqueueError) {
    try Self.checkSize(size)
    let descriptors = base
    let avail = descriptors + 16 * UInt64(size)
    let usedAlignment: UInt64 = kind == .modern ? 4 : Self.legacyAlignment
    let used = Self.align(avail + 6 + 2 * UInt64(size), to: usedAlignment)
    try self.init(size: size, kind: kind, descriptorTable: descriptors, availRing: avail, usedRing: used)
  }

  /// A layout with explicit addresses, checked for the 16/2/4 alignments.
  public init(size: Int, kind: Kind = .modern, descriptorTable: GuestAddress, availRing: GuestAddress, usedRing: GuestAddress)
    throws(VirtqueueError)
  {
    try Self.checkSize(size)
    try Self.checkAlignment(descriptorTable, 16, "descriptor table")
    try Self.checkAlignment(availRing, 2, "available ring")
    try Self.checkAlignment(usedRing, kind == .modern ? 4 : Self.legacyAlignment, "used ring")
    let n = UInt64(size)
    for (part, start, length) in [("descriptor table", descriptorTable, 16 * n), ("available ring", availRing, 6 + 2 * n), ("used ring", usedRing, 6 + 8 * n)] {
      guard !start.addingReportingOverflow(length).overflow else {
        throw VirtqueueError(.addressOutOfRange, "\(part) at \(hex(start)) length \(length) runs past the end of the 64-bit address space")
      }
    }
    self.size = size
    self.kind = kind
    self.descriptorTable = descriptorTable
    self.availRing = availRing
    self.usedRing = usedRing
    ringStart = min(descriptorTable, availRing, usedRing)
    ringLength = max(descriptorTable + 16 * n, availRing + 6 + 2 * n, usedRing + 6 + 8 * n) - ringStart
  }

  static func checkSize(_ size: Int) throws(VirtqueueError) {
    guard size >= 1, size <= maximumSize, size & (size - 1) == 0 else {
      throw VirtqueueError(.invalidQueueSize, "queue size \(size) is not a power of 2 between 1 and 32768")
    }
  }

  static func checkAlignment(_ address: GuestAddress, _ alignment: UInt64, _ part: String) throws(VirtqueueError) {
    guard address % alignment == 0 else {
      throw VirtqueueError(
        .misalignedRing, "\(part) at 0x\(String(address, radix: 16)) breaks its \(alignment)-byte alignment")
    }
  }

  /// Rounds `value` up to a multiple of `alignment` (a power of two). A value in the last, partial alignment unit
  /// below 2^64 has no such multiple: the result is then `UInt64.max`, an address no guest memory reaches, so the
  /// caller's range and size checks reject it by name instead of an overflow trapping here.
  public static func align(_ value: UInt64, to alignment: UInt64) -> UInt64 {
    let (sum, overflow) = value.addingReportingOverflow(alignment - 1)
    return overflow ? .max : sum & ~(alignment - 1)
  }

  // MARK: - Sizes

  /// 16·N bytes.
  public var descriptorTableSize: UInt64 { 16 * UInt64(size) }
  /// 6 + 2·N bytes (`flags`, `idx`, `ring[N]`, `used_event`).
  public var availRingSize: UInt64 { 6 + 2 * UInt64(size) }
  /// 6 + 8·N bytes (`flags`, `idx`, `ring[N]`, `avail_event`).
  public var usedRingSize: UInt64 { 6 + 8 * UInt64(size) }
  /// One past the last byte of the highest ring part.
  public var end: GuestAddress {
    max(descriptorTable + descriptorTableSize, availRing + availRingSize, usedRing + usedRingSize)
  }

  // MARK: - Field addresses (2.7.5, 2.7.6, 2.7.8)

  /// `desc[i]`: `desc + 16i` (addr +0, len +8, flags +12, next +14).
  @inlinable public func descriptor(_ index: Int) -> GuestAddress { descriptorTable + 16 * UInt64(index) }
  /// `avail.flags`.
  @inlinable public var availFlags: GuestAddress { availRing }
  /// `avail.idx`.
  @inlinable public var availIdx: GuestAddress { availRing + 2 }
  /// `avail.ring[i]`: `avail + 4 + 2i`.
  @inlinable public func availEntry(_ slot: Int) -> GuestAddress { availRing + 4 + 2 * UInt64(slot) }
  /// `avail.used_event`: `avail + 4 + 2N` (Linux `vring_used_event`).
  @inlinable public var usedEvent: GuestAddress { availRing + 4 + 2 * UInt64(size) }
  /// `used.flags`.
  @inlinable public var usedFlags: GuestAddress { usedRing }
  /// `used.idx`.
  @inlinable public var usedIdx: GuestAddress { usedRing + 2 }
  /// `used.ring[i]`: `used + 4 + 8i` (id +0, len +4).
  @inlinable public func usedElement(_ slot: Int) -> GuestAddress { usedRing + 4 + 8 * UInt64(slot) }
  /// `used.avail_event`: `used + 4 + 8N` (Linux `vring_avail_event`).
  @inlinable public var availEvent: GuestAddress { usedRing + 4 + 8 * UInt64(size) }

  /// The ring slot of a free-running index: `idx % N` (N is a power of two).
  @inlinable public func slot(_ index: UInt16) -> Int { Int(index) & (size - 1) }

  /// The address and width in bytes of a named ring field, or nil if the index is outside the queue.
  public func location(of field: RingField) -> (address: GuestAddress, width: Int)? {
    func inQueue(_ i: Int) -> Bool { i >= 0 && i < size }
    switch field {
    case .descriptor(let i, let part):
      return inQueue(i) ? (descriptor(i) + part.offset, part.width) : nil
    case .indirect(let table, let i, let part):
      return i >= 0 && i < 65536 ? (table + 16 * UInt64(i) + part.offset, part.width) : nil
    case .availFlags: return (availFlags, 2)
    case .availIdx: return (availIdx, 2)
    case .availRing(let i): return inQueue(i) ? (availEntry(i), 2) : nil
    case .usedEvent: return (usedEvent, 2)
    case .usedFlags: return (usedFlags, 2)
    case .usedIdx: return (usedIdx, 2)
    case .usedRingID(let i): return inQueue(i) ? (usedElement(i), 4) : nil
    case .usedRingLen(let i): return inQueue(i) ? (usedElement(i) + 4, 4) : nil
    case .availEvent: return (availEvent, 2)
    case .buffer(let address, let length): return (address, length)
    case .packed: return nil
    }
  }

  /// The ring field at a guest-physical address, if the address is inside one of the three ring parts.
  public func field(at address: GuestAddress) -> RingField? {
    if address >= descriptorTable, address < descriptorTable + descriptorTableSize {
      let offset = address - descriptorTable
      return .descriptor(Int(offset / 16), DescriptorPart(offset: offset % 16))
    }
    if address >= availRing, address < availRing + availRingSize {
      let offset = address - availRing
      if offset < 2 { return .availFlags }
      if offset < 4 { return .availIdx }
      if offset >= 4 + 2 * UInt64(size) { return .usedEvent }
      return .availRing(Int((offset - 4) / 2))
    }
    if address >= usedRing, address < usedRing + usedRingSize {
      let offset = address - usedRing
      if offset < 2 { return .usedFlags }
      if offset < 4 { return .usedIdx }
      if offset >= 4 + 8 * UInt64(size) { return .availEvent }
      let slot = Int((offset - 4) / 8)
      return (offset - 4) % 8 < 4 ? .usedRingID(slot) : .usedRingLen(slot)
    }
    return nil
  }
}
