/// The `flags` field of a split-ring descriptor (2.7.5 The Virtqueue Descriptor Table).
public struct DescriptorFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
  public let rawValue: UInt16
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  /// `VIRTQ_DESC_F_NEXT` (1): the buffer continues via the `next` field.
  public static let next = DescriptorFlags(rawValue: 1)
  /// `VIRTQ_DESC_F_WRITE` (2): the buffer is device write-only (otherwise device read-only).
  public static let write = DescriptorFlags(rawValue: 2)
  /// `VIRTQ_DESC_F_INDIRECT` (4): the buffer holds a table of descriptors.
  public static let indirect = DescriptorFlags(rawValue: 4)

  /// `NEXT|WRITE`, `INDIRECT`, or `0`.
  public var description: String {
    var names: [String] = []
    if contains(.next) { names.append("NEXT") }
    if contains(.write) { names.append("WRITE") }
    if contains(.indirect) { names.append("INDIRECT") }
    let unknown = rawValue & ~7
    if unknown != 0 { names.append("0x" + String(unknown, radix: 16)) }
    return names.isEmpty ? "0" : names.joined(separator: "|")
  }
}

/// Ring flag constants (2.7.7 Used Buffer Notification Suppression, 2.7.10 Available Buffer Notification Suppression).
public enum RingFlags {
  /// `VIRTQ_AVAIL_F_NO_INTERRUPT` (1) in `avail.flags`: the driver asks not to be interrupted.
  public static let availNoInterrupt: UInt16 = 1
  /// `VIRTQ_USED_F_NO_NOTIFY` (1) in `used.flags`: the device asks not to be kicked.
  public static let usedNoNotify: UInt16 = 1
}

/// One split-ring descriptor as it sits in the table: `le64 addr; le32 len; le16 flags; le16 next` (16 bytes).
public struct SplitDescriptor: Equatable, Hashable, Sendable {
  public var address: GuestAddress
  public var length: UInt32
  public var flags: DescriptorFlags
  public var next: UInt16

  public init(address: GuestAddress, length: UInt32, flags: DescriptorFlags, next: UInt16) {
    self.address = address
    self.length = length
    self.flags = flags
    self.next = next
  }

  /// Size of one descriptor in bytes.
  public static let size: UInt64 = 16
}
