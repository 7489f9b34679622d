/// The `flags` field of a packed descriptor (2.8.1 Packed Virtqueue Descriptor Flags, `virtio_ring.h`).
///
/// Linux defines `VRING_PACKED_DESC_F_AVAIL` and `_USED` as shift counts (7 and 15); these are the shifted values.
public struct PackedDescriptorFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
  public let rawValue: UInt16
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  /// `VIRTQ_DESC_F_NEXT` (0x0001): the buffer continues in the next ring slot.
  public static let next = PackedDescriptorFlags(rawValue: 0x0001)
  /// `VIRTQ_DESC_F_WRITE` (0x0002): device-writable; in a used descriptor, "something was written".
  public static let write = PackedDescriptorFlags(rawValue: 0x0002)
  /// `VIRTQ_DESC_F_INDIRECT` (0x0004): the buffer is a table of packed descriptors.
  public static let indirect = PackedDescriptorFlags(rawValue: 0x0004)
  /// `VIRTQ_DESC_F_AVAIL` (1 << 7).
  public static let avail = PackedDescriptorFlags(rawValue: 0x0080)
  /// `VIRTQ_DESC_F_USED` (1 << 15).
  public static let used = PackedDescriptorFlags(rawValue: 0x8000)

  /// The names the script accepts, in the order they are printed.
  public static let named: [(name: String, flag: PackedDescriptorFlags)] = [
    ("NEXT", .next), ("WRITE", .write), ("INDIRECT", .indirect), ("AVAIL", .avail), ("USED", .used),
  ]

  /// The AVAIL and USED bits a side writes for `wrap`: the driver makes a slot available with AVAIL = wrap,
  /// USED = !wrap (Linux `avail_used_flags`); the device marks it used with both equal to its wrap counter.
  public static func marking(_ role: Role, wrap: Bool) -> PackedDescriptorFlags {
    switch role {
    case .driver: return wrap ? .avail : .used
    case .device: return wrap ? [.avail, .used] : []
    }
  }

  /// QEMU `is_desc_avail`: `avail != used && avail == wrap_counter`.
  public func isAvailable(wrap: Bool) -> Bool {
    let a = contains(.avail), u = contains(.used)
    return a != u && a == wrap
  }

  /// Linux `is_used_desc_packed`: `avail == used && used == used_wrap_counter`.
  public func isUsed(wrap: Bool) -> Bool {
    let a = contains(.avail), u = contains(.used)
    return a == u && u == wrap
  }

  /// `WRITE|AVAIL`, `NEXT|AVAIL`, `0`, with unknown bits in hex.
  public var description: String {
    var names = Self.named.filter { contains($0.flag) }.map(\.name)
    let unknown = rawValue & ~0x8087
    if unknown != 0 { names.append("0x" + String(unknown, radix: 16)) }
    return names.isEmpty ? "0" : names.joined(separator: "|")
  }
}

/// One packed descriptor as it sits in the ring: `le64 addr; le32 len; le16 id; le16 flags` (16 bytes).
public struct PackedDescriptor: Equatable, Hashable, Sendable {
  public var address: GuestAddress
  public var length: UInt32
  /// The Buffer ID (in the last descriptor of a chain for the spec; Linux writes it in every one).
  public var id: UInt16
  public var flags: PackedDescriptorFlags

  public init(address: GuestAddress, length: UInt32, id: UInt16, flags: PackedDescriptorFlags) {
    self.address = address
    self.length = length
    self.id = id
    self.flags = flags
  }

  /// Size of one descriptor in bytes.
  public static let size: UInt64 = 16

  /// The 16 little-endian bytes.
  public var bytes: [UInt8] {
    func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { (0..<MemoryLayout<T>.size).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    return le(address) + le(length) + le(id) + le(flags.rawValue)
  }

  /// Decodes 16 little-endian bytes; nil for any other count.
  public init?(bytes: [UInt8]) {
    guard bytes.count == 16 else { return nil }
    func le<T: FixedWidthInteger>(_: T.Type, _ at: Int) -> T {
      (0..<MemoryLayout<T>.size).reduce(T(0)) { $0 | T(bytes[at + $1]) << (8 * $1) }
    }
    self.init(address: le(UInt64.self, 0), length: le(UInt32.self, 8), id: le(UInt16.self, 12),
              flags: PackedDescriptorFlags(rawValue: le(UInt16.self, 14)))
  }
}

/// `struct pvirtq_event_suppress` values (2.8.10 Event Suppression Structure Format).
public enum PackedEvent {
  /// `RING_EVENT_FLAGS_ENABLE` (0): notify on every event.
  public static let enable: UInt16 = 0
  /// `RING_EVENT_FLAGS_DISABLE` (1): do not notify.
  public static let disable: UInt16 = 1
  /// `RING_EVENT_FLAGS_DESC` (2): notify when the slot in `off_wrap` is reached (needs VIRTIO_F_EVENT_IDX).
  public static let desc: UInt16 = 2

  /// The script names of the event flags values.
  public static let named: [(name: String, value: UInt16)] = [("ENABLE", enable), ("DISABLE", disable), ("DESC", desc)]

  /// `ENABLE`, `DISABLE`, `DESC`, or the number (3 is reserved).
  public static func flagsName(_ value: UInt16) -> String { named.first { $0.value == value }?.name ?? String(value) }

  /// `off_wrap`: the ring offset in bits 0–14 and the wrap counter in bit 15.
  public static func offWrap(offset: UInt16, wrap: Bool) -> UInt16 { (offset & 0x7fff) | (wrap ? 0x8000 : 0) }

  /// QEMU `vring_packed_need_event` / Linux `virtqueue_kick_prepare_packed`: the event offset, moved back by the
  /// queue size when its wrap bit is not the current lap's (`off -= num`), then `vring_need_event`.
  public static func needsEvent(offWrap: UInt16, wrap: Bool, new: UInt16, old: UInt16, size: Int) -> Bool {
    var event = offWrap & 0x7fff
    if (offWrap >> 15 == 1) != wrap { event &-= UInt16(truncatingIfNeeded: size) }
    return EventIndex.needsEvent(event: event, new: new, old: old)
  }
}
