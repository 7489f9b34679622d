/// The part of a virtqueue that does not depend on the ring format: the device status register and feature
/// negotiation (VIRTIO 1.x §2.1, §2.2, §3.1.1) and how an error stops the queue (§2.1.2 DEVICE_NEEDS_RESET,
/// QEMU `virtio_error`). ``Virtqueue`` (split) and ``PackedVirtqueue`` (packed) both conform and forward their
/// public `initialize`, `writeStatus`, `acceptFeatures` and `setStrictFeatures` here, so the sequence is written once.
protocol QueueControl {
  var registers: DeviceRegisters { get set }
  var trace: Trace { get set }
  var firstError: VirtqueueError? { get set }
  /// Hands the negotiated features to the driver and the device (at FEATURES_OK).
  mutating func adoptNegotiated(_ features: VirtioFeatures)
  /// Marks the driver's or the device's side of the queue broken.
  mutating func markBroken(_ role: Role)
  /// What a reset (status 0) does to the rings: the format's own re-initialisation.
  mutating func resetQueue()
}

extension QueueControl {
  /// Appends an entry to the trace (the entry is built, reading the registers, before the trace is written).
  mutating func log(_ entry: TraceEntry) { trace.record(entry) }

  /// The driver's initialisation sequence (3.1.1): reset, ACKNOWLEDGE, DRIVER, write `accepted`, FEATURES_OK,
  /// re-read it, DRIVER_OK.
  mutating func runInitialization(accepting accepted: VirtioFeatures) throws(VirtqueueError) {
    try changeStatus([])
    try changeStatus(.acknowledge)
    try changeStatus([.acknowledge, .driver])
    try negotiate(accepted)
    try changeStatus([.acknowledge, .driver, .featuresOK])
    try changeStatus([.acknowledge, .driver, .featuresOK, .driverOK])
  }

  /// The driver writes the device status register; adds the bits to the current status unless `bits` is empty
  /// (reset).
  mutating func changeStatus(_ bits: DeviceStatus) throws(VirtqueueError) {
    let old = registers.status
    let new = bits.isEmpty ? [] : registers.status.union(bits)
    do {
      _ = try registers.writeStatus(new)
    } catch {
      fail(error, by: .driver)
      throw error
    }
    if registers.status.contains(.featuresOK) && !old.contains(.featuresOK) {
      adoptNegotiated(registers.negotiated)
      log(TraceEntry(role: .device, kind: .features, value: registers.negotiated.rawValue, detail: "device accepts the driver's features: \(registers.negotiated)"))
    }
    log(TraceEntry(
      role: .driver, kind: .status, value: UInt64(registers.status.rawValue), oldValue: UInt64(old.rawValue),
      detail: bits.isEmpty ? "write status 0: reset the device" : "status \(old) → \(registers.status)"))
    if new.isEmpty { resetQueue() }
  }

  /// The driver writes the features it accepts (3.1.1 step 4).
  mutating func negotiate(_ features: VirtioFeatures) throws(VirtqueueError) {
    log(TraceEntry(role: .driver, kind: .features, value: registers.deviceFeatures.rawValue, detail: "driver reads device features: \(registers.deviceFeatures)"))
    do {
      try registers.writeDriverFeatures(features)
    } catch {
      fail(error, by: .driver)
      throw error
    }
    log(TraceEntry(role: .driver, kind: .features, value: features.rawValue, detail: "driver accepts \(features)"))
    let unoffered = features.subtracting(registers.driverFeatures)
    if !unoffered.isEmpty {
      log(TraceEntry(
        role: .device, kind: .features, value: registers.driverFeatures.rawValue,
        detail: "device keeps only the features it offered: \(unoffered) dropped, \(registers.driverFeatures) kept (QEMU virtio_set_features_nocheck: val &= host_features)"))
    }
  }

  /// Whether the device refuses FEATURES_OK when the driver accepted a feature it did not offer (`device
  /// strict=on`, the spec's MAY) or masks the unoffered bits as QEMU does (`strict=off`, the default).
  mutating func chooseStrictFeatures(_ strict: Bool) {
    registers.refusesUnofferedFeatures = strict
    log(TraceEntry(
      role: .device, kind: .note,
      detail: strict
        ? "device strict=on: FEATURES_OK is refused if the driver accepts a feature the device did not offer"
        : "device strict=off: unoffered features are masked off, as QEMU does"))
  }

  /// Records an error, and if the device detected it, stops the queue and sets DEVICE_NEEDS_RESET (QEMU
  /// `virtio_error`; with VERSION_1 it also sends a configuration change notification). A driver that saw an
  /// impossible used id marks its side broken (Linux `BAD_RING`).
  mutating func fail(_ error: VirtqueueError, by role: Role) {
    if firstError == nil { firstError = error }
    log(TraceEntry(role: role, kind: .error, detail: error.message, error: error.kind))
    if role == .device && error.isDeviceSide {
      markBroken(.device)
      if registers.negotiated.contains(.version1) {
        registers.setNeedsReset()
        log(TraceEntry(role: .device, kind: .status, value: UInt64(registers.status.rawValue), detail: "device sets DEVICE_NEEDS_RESET and sends a configuration change notification"))
      }
    } else if role == .driver, error.kind == .usedIDOutOfRange || error.kind == .usedIDNotHead {
      markBroken(.driver)
    }
  }
}
