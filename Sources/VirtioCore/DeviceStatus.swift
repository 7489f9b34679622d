/// The device status field (2.1 Device Status Field).
public struct DeviceStatus: OptionSet, Hashable, Sendable, CustomStringConvertible {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// ACKNOWLEDGE (1): the guest OS found the device and recognised it as virtio.
  public static let acknowledge = DeviceStatus(rawValue: 1)
  /// DRIVER (2): the guest OS knows how to drive the device.
  public static let driver = DeviceStatus(rawValue: 2)
  /// DRIVER_OK (4): the driver is set up and the device is live.
  public static let driverOK = DeviceStatus(rawValue: 4)
  /// FEATURES_OK (8): feature negotiation is complete.
  public static let featuresOK = DeviceStatus(rawValue: 8)
  /// DEVICE_NEEDS_RESET (64): the device hit an unrecoverable error.
  public static let deviceNeedsReset = DeviceStatus(rawValue: 64)
  /// FAILED (128): the driver gave up on the device.
  public static let failed = DeviceStatus(rawValue: 128)

  /// Names in the order the initialisation sequence sets them.
  public static let named: [(name: String, status: DeviceStatus)] = [
    ("ACKNOWLEDGE", .acknowledge), ("DRIVER", .driver), ("FEATURES_OK", .featuresOK), ("DRIVER_OK", .driverOK),
    ("DEVICE_NEEDS_RESET", .deviceNeedsReset), ("FAILED", .failed),
  ]

  /// Parses `DRIVER_OK`, `driver_ok` or `driver-ok`.
  public static func named(_ text: String) -> DeviceStatus? {
    let key = text.uppercased().dashesToUnderscores()
    return named.first { $0.name == key }?.status
  }

  public var description: String {
    let names = Self.named.filter { contains($0.status) }.map { $0.name }
    return names.isEmpty ? "0" : names.joined(separator: "|")
  }
}

extension String {
  func dashesToUnderscores() -> String { String(map { $0 == "-" ? "_" : $0 }) }
}
