extension Virtqueue: QueueControl {
  /// Runs the driver's initialisation sequence (3.1.1): reset, ACKNOWLEDGE, DRIVER, write `accepted`,
  /// FEATURES_OK, re-read it, DRIVER_OK.
  public mutating func initialize(accepting accepted: VirtioFeatures) throws(VirtqueueError) { try runInitialization(accepting: accepted) }

  /// The driver writes the device status register; adds the bits to the current status unless `bits` is empty
  /// (reset).
  public mutating func writeStatus(_ bits: DeviceStatus) throws(VirtqueueError) { try changeStatus(bits) }

  /// The driver writes the features it accepts (3.1.1 step 4).
  public mutating func acceptFeatures(_ features: VirtioFeatures) throws(VirtqueueError) { try negotiate(features) }

  /// Whether the device refuses FEATURES_OK when the driver accepted a feature it did not offer (`device
  /// strict=on`, the spec's MAY) or masks the unoffered bits as QEMU does (`strict=off`, the default).
  public mutating func setStrictFeatures(_ strict: Bool) { chooseStrictFeatures(strict) }

  mutating func adoptNegotiated(_ features: VirtioFeatures) {
    driver.features = features
    device.features = features
  }

  mutating func markBroken(_ role: Role) {
    if role == .device { device.markBroken() } else { driver.markBroken() }
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
