/// Where the three parts of a packed virtqueue sit in guest memory (2.8 Packed Virtqueues, 2.8.10.1 Structure
/// Size and Alignment).
///
/// | Part | Area | Alignment | Size |
/// |---|---|---|---|
/// | Descriptor Ring | Descriptor Area | 16 | 16·N |
/// | Driver Event Suppression | Driver Area | 4 | 4 |
/// | Device Event Suppression | Device Area | 4 | 4 |
///
/// N is any size from 1 to 32768: unlike the split ring, a packed queue size need not be a power of two.
public struct PackedLayout: Equatable, Hashable, Sendable {
  /// The queue size N.
  public let size: Int
  /// Guest-physical address of the descriptor ring.
  public let descriptorRing: GuestAddress
  /// Guest-physical address of the Driver Event Suppression structure ("driver area").
  public let driverEvent: GuestAddress
  /// Guest-physical address of the Device Event Suppression structure ("device area").
  public let deviceEvent: GuestAddress
  /// The smallest range holding all three parts (from the lowest start to the highest end): guest memory regions are
  /// contiguous, so the three parts lie in one region exactly when this range does (``GuestMemory/packedRing(_:)``
  /// checks it once instead of each part).
  let span: (start: GuestAddress, length: UInt64)

  /// The largest packed queue size (2^15: the offset field of `off_wrap` has 15 bits).
  public static let maximumSize = 32768

  /// Lays out a queue of `size` entries at `base`: the ring, then the driver and the device event structures.
  public init(size: Int, base: GuestAddress = 0x1000) throws(VirtqueueError) {
    try Self.checkSize(size)
    let ring = base
    let (driver, overflow) = ring.addingReportingOverflow(16 * UInt64(size))
    guard !overflow, driver <= UInt64.max - 8 else {
      throw VirtqueueError(.addressOutOfRange, "descriptor ring at \(hex(base)) length \(16 * size) runs past the end of the 64-bit address space")
    }
    try self.init(size: size, descriptorRing: ring, driverEvent: driver, deviceEvent: driver + 4)
  }

  /// A layout with explicit addresses, checked for the 16/4/4 alignments.
  public init(size: Int, descriptorRing: GuestAddress, driverEvent: GuestAddress, deviceEvent: GuestAddress) throws(VirtqueueError) {
    try Self.checkSize(size)
    try SplitLayout.checkAlignment(descriptorRing, 16, "descriptor ring")
    try SplitLayout.checkAlignment(driverEvent, 4, "driver event suppression")
    try SplitLayout.checkAlignment(deviceEvent, 4, "device event suppression")
    for (part, start, length) in [("descriptor ring", descriptorRing, 16 * UInt64(size)), ("driver event suppression", driverEvent, 4), ("device event suppression", deviceEvent, 4)] {
      guard !start.addingReportingOverflow(length).overflow else {
        throw VirtqueueError(.addressOutOfRange, "\(part) at \(hex(start)) length \(length) runs past the end of the 64-bit address space")
      }
    }
    self.size = size
    self.descriptorRing = descriptorRing
    self.driverEvent = driverEvent
    self.deviceEvent = deviceEvent
    // No overflow: each part's end was checked above.
    let start = min(descriptorRing, driverEvent, deviceEvent)
    let end = max(descriptorRing + 16 * UInt64(size), driverEvent + 4, deviceEvent + 4)
    span = (start, end - start)
  }

  public static func == (a: PackedLayout, b: PackedLayout) -> Bool {
    a.size == b.size && a.descriptorRing == b.descriptorRing && a.driverEvent == b.driverEvent && a.deviceEvent == b.deviceEvent
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(size)
    hasher.combine(descriptorRing)
    hasher.combine(driverEvent)
    hasher.combine(deviceEvent)
  }

  static func checkSize(_ size: Int) throws(VirtqueueError) {
    guard size >= 1, size <= maximumSize else {
      throw VirtqueueError(.invalidQueueSize, "packed queue size \(size) is not between 1 and 32768")
    }
  }

  /// 16·N bytes.
  public var descriptorRingSize: UInt64 { 16 * UInt64(size) }
  /// One past the last byte of the highest part.
  public var end: GuestAddress { max(descriptorRing + descriptorRingSize, driverEvent + 4, deviceEvent + 4) }

  /// `desc[i]`: `ring + 16i` (addr +0, len +8, id +12, flags +14).
  @inlinable public func descriptor(_ index: Int) -> GuestAddress { descriptorRing + 16 * UInt64(index) }

  /// The address and width in bytes of a named packed field, or nil if the index is outside the queue.
  public func location(of field: PackedField) -> (address: GuestAddress, width: Int)? {
    switch field {
    case .descriptor(let i, let part):
      return i >= 0 && i < size ? (descriptor(i) + part.offset, part.width) : nil
    case .indirect(let table, let i, let part):
      return i >= 0 && i < 65536 ? (table &+ 16 * UInt64(i) &+ part.offset, part.width) : nil
    case .driverEvent(let part): return (driverEvent + part.offset, 2)
    case .deviceEvent(let part): return (deviceEvent + part.offset, 2)
    }
  }

  /// The packed field at a guest-physical address, if the address is inside one of the three parts.
  public func field(at address: GuestAddress) -> PackedField? {
    if address >= descriptorRing, address < descriptorRing + descriptorRingSize {
      let offset = address - descriptorRing
      return .descriptor(Int(offset / 16), PackedDescriptorPart(offset: offset % 16))
    }
    if address >= driverEvent, address < driverEvent + 4 { return .driverEvent(address - driverEvent < 2 ? .offWrap : .flags) }
    if address >= deviceEvent, address < deviceEvent + 4 { return .deviceEvent(address - deviceEvent < 2 ? .offWrap : .flags) }
    return nil
  }

  /// The slot after `slot`, and whether stepping past the last slot flipped the wrap counter.
  @inlinable public func advance(_ slot: Int, by count: Int = 1) -> (slot: Int, wrapped: Bool) {
    let next = slot + count
    return next >= size ? (next - size, true) : (next, false)
  }
}
