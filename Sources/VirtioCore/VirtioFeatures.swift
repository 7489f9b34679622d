/// Feature bits offered by a device and accepted by a driver (6 Reserved Feature Bits).
public struct VirtioFeatures: OptionSet, Hashable, Sendable, CustomStringConvertible {
  public let rawValue: UInt64
  public init(rawValue: UInt64) { self.rawValue = rawValue }

  /// `VIRTIO_F_NOTIFY_ON_EMPTY` (24), legacy only.
  public static let notifyOnEmpty = VirtioFeatures(rawValue: 1 << 24)
  /// `VIRTIO_F_ANY_LAYOUT` (27), legacy only.
  public static let anyLayout = VirtioFeatures(rawValue: 1 << 27)
  /// `VIRTIO_F_INDIRECT_DESC` (28): indirect descriptor tables.
  public static let indirectDesc = VirtioFeatures(rawValue: 1 << 28)
  /// `VIRTIO_F_EVENT_IDX` (29): `used_event` / `avail_event` notification suppression.
  public static let eventIdx = VirtioFeatures(rawValue: 1 << 29)
  /// `VIRTIO_F_VERSION_1` (32): compliance with VIRTIO 1.x.
  public static let version1 = VirtioFeatures(rawValue: 1 << 32)
  /// `VIRTIO_F_ACCESS_PLATFORM` (33): the device sits behind an IOMMU.
  public static let accessPlatform = VirtioFeatures(rawValue: 1 << 33)
  /// `VIRTIO_F_RING_PACKED` (34): packed virtqueue layout.
  public static let ringPacked = VirtioFeatures(rawValue: 1 << 34)
  /// `VIRTIO_F_IN_ORDER` (35): buffers are used in the order they were made available.
  public static let inOrder = VirtioFeatures(rawValue: 1 << 35)

  /// The script and CLI names, with their bits, in bit order.
  public static let named: [(name: String, feature: VirtioFeatures)] = [
    ("notify_on_empty", .notifyOnEmpty), ("any_layout", .anyLayout), ("indirect_desc", .indirectDesc),
    ("event_idx", .eventIdx), ("version_1", .version1), ("access_platform", .accessPlatform),
    ("ring_packed", .ringPacked), ("in_order", .inOrder),
  ]

  /// Parses one feature name: `event_idx`, `VIRTIO_F_EVENT_IDX`, `VIRTIO_RING_F_EVENT_IDX`, case-insensitive.
  public static func named(_ text: String) -> VirtioFeatures? {
    var name = text.lowercased()
    for prefix in ["virtio_ring_f_", "virtio_f_"] where name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
    if name == "version1" { name = "version_1" }
    return named.first { $0.name == name }?.feature
  }

  /// The spec names of the set bits, e.g. `VERSION_1,INDIRECT_DESC`.
  public var names: [String] {
    var result = Self.named.filter { contains($0.feature) }.map { $0.name }
    let known = Self.named.reduce(VirtioFeatures()) { $0.union($1.feature) }
    let rest = subtracting(known).rawValue
    if rest != 0 {
      for bit in 0..<64 where rest & (1 << UInt64(bit)) != 0 { result.append("bit\(bit)") }
    }
    return result
  }

  public var description: String { names.isEmpty ? "none" : names.joined(separator: ",") }
}
