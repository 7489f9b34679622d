/// The device status and feature registers as the transport exposes them (2.1 Device Status Field, 2.2 Feature Bits,
/// 3.1 Device Initialization).
///
/// The driver writes, the device validates: bits are set in the spec's order and a driver never clears a bit
/// except by writing 0 (reset). A feature the device did not offer is handled one of two ways (3.1.1 lets the
/// device refuse FEATURES_OK; it does not have to):
/// - by default as QEMU does: `virtio_set_features_nocheck` keeps only the offered bits (`val &= host_features`)
///   and virtio-pci ignores the error, so FEATURES_OK sticks with the masked set;
/// - with ``refusesUnofferedFeatures`` (script `device strict=on`) the device refuses FEATURES_OK and the driver
///   reads it back unset.
public struct DeviceRegisters: Equatable, Sendable {
  /// The device status byte.
  public private(set) var status: DeviceStatus = []
  /// The features the device offers.
  public let deviceFeatures: VirtioFeatures
  /// The features the driver wrote (accepted); without ``refusesUnofferedFeatures``, only the offered ones stay.
  public private(set) var driverFeatures: VirtioFeatures = []
  /// Whether FEATURES_OK is refused when the driver accepted an unoffered feature (the spec's MAY) instead of the
  /// unoffered bits being masked off (QEMU). Off by default.
  public var refusesUnofferedFeatures = false

  /// Creates the registers of a freshly reset device offering `deviceFeatures`.
  public init(offering deviceFeatures: VirtioFeatures) { self.deviceFeatures = deviceFeatures }

  /// The negotiated features: what the driver accepted, once FEATURES_OK stuck.
  public var negotiated: VirtioFeatures { status.contains(.featuresOK) ? driverFeatures : [] }

  /// Whether the driver may use the queues (DRIVER_OK set, no reset pending).
  public var isLive: Bool { status.contains(.driverOK) && !status.contains(.deviceNeedsReset) }

  /// The driver writes the feature bits it accepts (3.1.1 step 4).
  public mutating func writeDriverFeatures(_ features: VirtioFeatures) throws(VirtqueueError) {
    guard status.contains(.driver) else {
      throw VirtqueueError(.statusOutOfOrder, "features written before DRIVER is set (3.1.1 step 4 follows step 3)")
    }
    guard !status.contains(.featuresOK) else {
      throw VirtqueueError(.statusOutOfOrder, "features written after FEATURES_OK: \"the driver MUST NOT accept new features\" after it")
    }
    driverFeatures = refusesUnofferedFeatures ? features : features.intersection(deviceFeatures)
  }

  /// The driver writes the status byte. Returns the status the device now reports.
  @discardableResult
  public mutating func writeStatus(_ new: DeviceStatus) throws(VirtqueueError) -> DeviceStatus {
    if new.isEmpty {
      status = []
      driverFeatures = []
      return status
    }
    let sticky: DeviceStatus = [.deviceNeedsReset]
    let cleared = status.subtracting(new).subtracting(sticky)
    guard cleared.isEmpty else {
      throw VirtqueueError(.statusOutOfOrder, "write clears \(cleared): the driver MUST NOT clear a device status bit (write 0 to reset)")
    }
    let added = new.subtracting(status).subtracting(sticky)
    try checkOrder(adding: added)
    if added.contains(.featuresOK) {
      let unoffered = driverFeatures.subtracting(deviceFeatures)
      guard unoffered.isEmpty else {
        status.formUnion(added.subtracting(.featuresOK))
        throw VirtqueueError(
          .featureNotOffered,
          "driver accepted \(unoffered), which the device did not offer; the device refuses FEATURES_OK and the driver reads it back unset (3.1.1 step 6)")
      }
    }
    status.formUnion(added)
    return status
  }

  private func checkOrder(adding added: DeviceStatus) throws(VirtqueueError) {
    let after = status.union(added)
    let rules: [(DeviceStatus, DeviceStatus, String)] = [
      (.driver, .acknowledge, "DRIVER before ACKNOWLEDGE"),
      (.featuresOK, .driver, "FEATURES_OK before DRIVER"),
      (.driverOK, .featuresOK, "DRIVER_OK before FEATURES_OK"),
    ]
    for (bit, prerequisite, message) in rules where added.contains(bit) && !after.contains(prerequisite) {
      throw VirtqueueError(.statusOutOfOrder, "\(message) (3.1.1 Driver Requirements: Device Initialization)")
    }
  }

  /// The device marks itself broken after an error (2.1.2: DEVICE_NEEDS_RESET), as QEMU's `virtio_error` does
  /// when VERSION_1 was negotiated.
  public mutating func setNeedsReset() {
    status.insert(.deviceNeedsReset)
  }
}
