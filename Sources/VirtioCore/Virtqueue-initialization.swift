extension Virtqueue {
  /// Runs the driver's initialisation sequence (3.1.1): reset, ACKNOWLEDGE, DRIVER, write `accepted`,
  /// FEATURES_OK, re-read it, DRIVER_OK.
  public mutating func initialize(accepting accepted: VirtioFeatures) throws(VirtqueueError) {
    try writeStatus([])
    try writeStatus(.acknowledge)
    try writeStatus([.acknowledge, .driver])
    try acceptFeatures(accepted)
    try writeStatus([.acknowledge, .driver, .featuresOK])
    try writeStatus([.acknowledge, .driver, .featuresOK, .driverOK])
  }

  /// The driver writes the device status register; adds the bits to the current status unless `bits` is empty
  /// (reset).
  public mutating func writeStatus(_ bits: DeviceStatus) throws(VirtqueueError) {
    let old = registers.status
    let new = bits.isEmpty ? [] : registers.status.union(bits)
    do {
      try registers.writeStatus(new)
    } catch {
      fail(error, by: .driver)
      throw error
    }
    if registers.status.contains(.featuresOK) && !old.contains(.featuresOK) {
      driver.features = registers.negotiated
      device.features = registers.negotiated
      trace.record(TraceEntry(role: .device, kind: .features, value: registers.negotiated.rawValue, detail: "device accepts the driver's features: \(registers.negotiated)"))
    }
    trace.record(
      TraceEntry(
        role: .driver, kind: .status, value: UInt64(registers.status.rawValue), oldValue: UInt64(old.rawValue),
        detail: bits.isEmpty ? "write status 0: reset the device" : "status \(old) → \(registers.status)"))
    if new.isEmpty { resetQueue() }
  }

  /// The driver writes the features it accepts (3.1.1 step 4).
  public mutating func acceptFeatures(_ features: VirtioFeatures) throws(VirtqueueError) {
    trace.record(TraceEntry(role: .driver, kind: .features, value: registers.deviceFeatures.rawValue, detail: "driver reads device features: \(registers.deviceFeatures)"))
    do {
      try registers.writeDriverFeatures(features)
    } catch {
      fail(error, by: .driver)
      throw error
    }
    trace.record(TraceEntry(role: .driver, kind: .features, value: features.rawValue, detail: "driver accepts \(features)"))
    let unoffered = features.subtracting(registers.driverFeatures)
    if !unoffered.isEmpty {
      trace.record(
        TraceEntry(
          role: .device, kind: .features, value: registers.driverFeatures.rawValue,
          detail: "device keeps only the features it offered: \(unoffered) dropped, \(registers.driverFeatures) kept (QEMU virtio_set_features_nocheck: val &= host_features)"))
    }
  }

  /// Whether the device refuses FEATURES_OK when the driver accepted a feature it did not offer (`device
  /// strict=on`, the spec's MAY) or masks the unoffered bits as QEMU does (`strict=off`, the default).
  public mutating func setStrictFeatures(_ strict: Bool) {
    registers.refusesUnofferedFeatures = strict
    trace.record(
      TraceEntry(
        role: .device, kind: .note,
        detail: strict
          ? "device strict=on: FEATURES_OK is refused if the driver accepts a feature the device did not offer"
          : "device strict=off: unoffered features are masked off, as QEMU does"))
  }

  /// A device reset (status 0) and the driver setting the queue up again. Guest RAM is not reallocated or wiped
  /// (it is the VM's, not ours): the only bytes written are what Linux's `virtqueue_reset_split` writes —
  /// `avail.flags`, `avail.idx`, `used_event`, `used.flags`, `used.idx`, `avail_event` = 0 — traced like any other
  /// write. Descriptors, ring entries and buffers keep their stale bytes, as in a real guest.
  mutating func resetQueue() {
    let policy = driver.indirectPolicy
    driver = SplitDriver(layout: layout, allocator: GuestAllocator(start: driver.allocator.region.start, length: driver.allocator.region.length))
    driver.indirectPolicy = policy
    device = SplitDevice(layout: layout)
    for (field, address) in [
      (RingField.availFlags, layout.availFlags), (.availIdx, layout.availIdx), (.usedEvent, layout.usedEvent),
      (.usedFlags, layout.usedFlags), (.usedIdx, layout.usedIdx), (.availEvent, layout.availEvent),
    ] {
      // The rings were checked to be inside memory when the queue was created.
      try? memory.tracedStore(UInt16(0), field: field, at: address, by: .driver, trace: &trace)
    }
    trace.record(TraceEntry(role: .device, kind: .reset, detail: "device reset: queue state cleared; the driver zeroes the ring indices and flags (virtqueue_reset_split)"))
  }

  /// Records an error, and if the device detected it, stops the queue and sets DEVICE_NEEDS_RESET (QEMU
  /// `virtio_error`; with VERSION_1 it also sends a configuration change notification).
  mutating func fail(_ error: VirtqueueError, by role: Role) {
    if firstError == nil { firstError = error }
    trace.record(TraceEntry(role: role, kind: .error, detail: error.message, error: error.kind))
    if role == .device && error.isDeviceSide {
      device.markBroken()
      if registers.negotiated.contains(.version1) {
        registers.setNeedsReset()
        trace.record(TraceEntry(role: .device, kind: .status, value: UInt64(registers.status.rawValue), detail: "device sets DEVICE_NEEDS_RESET and sends a configuration change notification"))
      }
    } else if role == .driver, error.kind == .usedIDOutOfRange || error.kind == .usedIDNotHead {
      driver.markBroken()
    }
  }

  // Inlined so that calling them from the `inout` closures of the operations does not copy the whole queue.
  @inline(__always) func requireLive(_ action: StaticString) throws(VirtqueueError) {
    guard registers.status.contains(.driverOK) else {
      throw VirtqueueError(.queueNotReady, "\(action) before DRIVER_OK (status \(registers.status)): the queue is not ready")
    }
  }

  @inline(__always) func requireConfigured(_ action: StaticString) throws(VirtqueueError) {
    guard registers.status.contains(.featuresOK) else {
      throw VirtqueueError(.queueNotReady, "\(action) before FEATURES_OK (status \(registers.status)): the queue is not set up yet")
    }
  }
}
