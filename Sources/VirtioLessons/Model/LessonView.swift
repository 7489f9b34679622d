/// Which visualisation the tutor shows beside a step's text.
public enum LessonView: String, CaseIterable, Equatable, Hashable, Sendable {
  /// The split virtqueue's rings (descriptor table, avail, used).
  case ring
  /// The flow diagram: who does what (guest driver, VMM, host kernel, device).
  case flow
  /// The three flows side by side.
  case compare
  /// A hex view of guest memory.
  case memory
  /// The device status byte as named bits.
  case status
  /// Feature bits offered, accepted and negotiated.
  case features
  /// The virtio PCI capabilities and the BAR 4 map with the notify arithmetic.
  case pci
  /// The split queue a `queue … format=packed` replaced, beside the packed one: the same requests in both formats
  /// (from 110 columns; narrower, the packed ring alone).
  case pair
  /// The three transports side by side: PCI, MMIO, channel I/O.
  case transports
  /// No visualisation: the text uses the whole screen.
  case none

  /// The spellings accepted in lessons, in documentation order.
  public static var spellings: [String] { allCases.map(\.rawValue) }
}
