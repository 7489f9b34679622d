extension PackedVirtqueue: QueueControl {
  // MARK: - Status and features (3.1.1): the same sequence as the split ring's, written once in QueueControl

  /// Reset, ACKNOWLEDGE, DRIVER, write `accepted`, FEATURES_OK, DRIVER_OK.
  public mutating func initialize(accepting accepted: VirtioFeatures) throws(VirtqueueError) { try runInitialization(accepting: accepted) }
  /// The driver writes the device status register (adds `bits`; empty resets).
  public mutating func writeStatus(_ bits: DeviceStatus) throws(VirtqueueError) { try changeStatus(bits) }
  /// The driver writes the features it accepts.
  public mutating func acceptFeatures(_ features: VirtioFeatures) throws(VirtqueueError) { try negotiate(features) }
  /// `device strict=on|off` (see ``Virtqueue/setStrictFeatures(_:)``).
  public mutating func setStrictFeatures(_ strict: Bool) { chooseStrictFeatures(strict) }

  mutating func adoptNegotiated(_ features: VirtioFeatures) {
    driver.setFeatures(features)
    device.setFeatures(features)
  }

  mutating func markBroken(_ role: Role) {
    if role == .device { device.markBroken() } else { driver.markBroken() }
  }

  /// A device reset and the driver setting the queue up again: both wrap counters back to 1, and the ring and both
  /// event structures zeroed, as Linux's `virtqueue_reinit_packed` does (`memset` of the three parts).
  mutating func resetQueue() {
    let policy = driver.indirectPolicy
    driver = PackedDriver(layout: layout, allocator: GuestAllocator(start: driver.allocator.region.start, length: driver.allocator.region.length))
    driver.indirectPolicy = policy
    device = PackedDevice(layout: layout)
    // The parts were checked to be inside memory when the queue was created.
    try? memory.fill(0, at: layout.descriptorRing, count: Int(layout.descriptorRingSize))
    try? memory.fill(0, at: layout.driverEvent, count: 4)
    try? memory.fill(0, at: layout.deviceEvent, count: 4)
    trace.record(
      TraceEntry(role: .device, kind: .reset, detail: "device reset: wrap counters back to 1; the driver zeroes the descriptor ring and both event structures (virtqueue_reinit_packed)"))
  }

  @inline(__always) func require(_ bit: DeviceStatus, _ action: StaticString) throws(VirtqueueError) {
    guard registers.status.contains(bit) else {
      throw VirtqueueError(.queueNotReady, "\(action) before \(bit) (status \(registers.status)): the queue is not ready")
    }
  }

  mutating func act<T>(_ role: Role, _ body: (inout PackedVirtqueue) throws(VirtqueueError) -> T) throws(VirtqueueError) -> T {
    do {
      return try body(&self)
    } catch {
      fail(error, by: role)
      throw error
    }
  }

  // MARK: - Driver

  /// The driver writes one chain, all but its first descriptor's flags.
  @discardableResult
  public mutating func add(readable: [[UInt8]], writable: [Int]) throws(VirtqueueError) -> UInt16 {
    try act(.driver) { (q: inout PackedVirtqueue) throws(VirtqueueError) -> UInt16 in
      try q.require(.featuresOK, "driver add")
      let id = try q.driver.add(readable: readable, writable: writable, memory: &q.memory, trace: &q.trace)
      q.counters.chainsAdded += 1
      return id
    }
  }

  /// The driver makes the added chains available (the held-back flags, after a write barrier).
  public mutating func publish() throws(VirtqueueError) {
    try act(.driver) { (q: inout PackedVirtqueue) throws(VirtqueueError) in
      try q.require(.featuresOK, "driver publish")
      try q.driver.publish(memory: &q.memory, trace: &q.trace)
    }
  }

  /// The driver decides whether to kick, from the Device Event Suppression structure.
  @discardableResult
  public mutating func kick() throws(VirtqueueError) -> Bool {
    try act(.driver) { (q: inout PackedVirtqueue) throws(VirtqueueError) -> Bool in
      try q.require(.driverOK, "driver kick")
      let kicked = try q.driver.kickPrepare(memory: &q.memory, trace: &q.trace)
      if kicked { q.counters.kicks += 1 } else { q.counters.kicksSuppressed += 1 }
      return kicked
    }
  }

  /// The driver reclaims every used buffer visible now.
  @discardableResult
  public mutating func reclaim() throws(VirtqueueError) -> [UsedBuffer] {
    try act(.driver) { (q: inout PackedVirtqueue) throws(VirtqueueError) -> [UsedBuffer] in
      try q.require(.featuresOK, "driver reclaim")
      let used = try q.driver.reclaimAll(memory: &q.memory, trace: &q.trace)
      q.counters.chainsReclaimed += used.count
      return used
    }
  }

  /// The driver reclaims the next used buffer, if any; with `collectWritten` off only the id and length come back
  /// (Linux `virtqueue_get_buf`).
  public mutating func reclaimNext(collectWritten: Bool = true) throws(VirtqueueError) -> UsedBuffer? {
    try act(.driver) { (q: inout PackedVirtqueue) throws(VirtqueueError) -> UsedBuffer? in
      try q.require(.featuresOK, "driver reclaim")
      guard let used = try q.driver.reclaimOne(memory: &q.memory, trace: &q.trace, collectWritten: collectWritten) else { return nil }
      q.counters.chainsReclaimed += 1
      return used
    }
  }

  /// The driver turns used-buffer notifications on or off (the Driver Event Suppression structure).
  public mutating func setInterrupts(enabled: Bool) throws(VirtqueueError) {
    try act(.driver) { (q: inout PackedVirtqueue) throws(VirtqueueError) in
      try q.require(.featuresOK, "driver interrupts")
      try q.driver.setInterrupts(enabled: enabled, memory: &q.memory, trace: &q.trace)
    }
  }

  /// Sets how the driver chooses indirect tables.
  public mutating func setIndirectPolicy(_ policy: PackedDriver.IndirectPolicy) { driver.indirectPolicy = policy }

  // MARK: - Device

  /// The device takes the next available chain, or nil when there is none or the device is broken.
  @discardableResult
  public mutating func pop() throws(VirtqueueError) -> DescriptorChain? {
    try popID() == nil ? nil : device.element(device.held[device.held.count - 1]).chain
  }

  /// ``pop()`` returning only the Buffer ID (QEMU's element index); the chain stays in the device.
  @discardableResult
  public mutating func popID() throws(VirtqueueError) -> UInt16? {
    if device.isBroken {
      trace.record(TraceEntry(role: .device, kind: .note, detail: "device is broken (DEVICE_NEEDS_RESET): the queue is ignored until reset"))
      return nil
    }
    return try act(.device) { (q: inout PackedVirtqueue) throws(VirtqueueError) -> UInt16? in
      try q.require(.driverOK, "device pop")
      guard let id = try q.device.popID(memory: &q.memory, trace: &q.trace) else {
        q.counters.spuriousNotifications += 1
        return nil
      }
      q.counters.chainsPopped += 1
      return id
    }
  }

  /// The device reads the readable buffers of the oldest chain in flight.
  public mutating func readInFlight() throws(VirtqueueError) -> [UInt8] {
    var bytes: [UInt8] = []
    try readInFlight(into: &bytes)
    return bytes
  }

  /// The device reads the readable buffers of the oldest chain in flight into `bytes` (replacing its contents and
  /// reusing its capacity, as a device reads into its own buffer).
  public mutating func readInFlight(into bytes: inout [UInt8]) throws(VirtqueueError) {
    guard !device.held.isEmpty else {
      bytes.removeAll(keepingCapacity: true)
      return
    }
    try device.readReadable(at: 0, into: &bytes, memory: memory, trace: &trace)
  }

  /// The device decides whether to interrupt, from the Driver Event Suppression structure.
  @discardableResult
  public mutating func interrupt() throws(VirtqueueError) -> Bool {
    if device.isBroken { return false }
    return try act(.device) { (q: inout PackedVirtqueue) throws(VirtqueueError) -> Bool in
      try q.require(.driverOK, "device interrupt")
      let needed = try q.device.shouldInterrupt(memory: &q.memory, trace: &q.trace)
      if needed { q.counters.interrupts += 1 } else { q.counters.interruptsSuppressed += 1 }
      return needed
    }
  }

  /// The device turns available-buffer notifications on or off (the Device Event Suppression structure).
  public mutating func setNotifications(enabled: Bool) throws(VirtqueueError) {
    try act(.device) { (q: inout PackedVirtqueue) throws(VirtqueueError) in
      try q.require(.featuresOK, "device notifications")
      try q.device.setNotifications(enabled: enabled, memory: &q.memory, trace: &q.trace)
    }
  }

  // MARK: - Inspection and corruption

  /// Reads a packed field's value: now, or as it was in `view`.
  public func value(of field: RingField, in view: GuestMemoryView? = nil) throws(VirtqueueError) -> UInt64 {
    let (_, address, width) = try location(of: field)
    if let view {
      switch width {
      case 2: return UInt64(try view.load(UInt16.self, at: address))
      case 4: return UInt64(try view.load(UInt32.self, at: address))
      default: return try view.load(UInt64.self, at: address)
      }
    }
    switch width {
    case 2: return UInt64(try memory.load(UInt16.self, at: address))
    case 4: return UInt64(try memory.load(UInt32.self, at: address))
    default: return try memory.load(UInt64.self, at: address)
    }
  }

  /// Writes a packed field on purpose, attributed to the side that owns it.
  public mutating func poke(_ field: RingField, _ value: UInt64) throws(VirtqueueError) {
    let (f, address, width) = try location(of: field)
    let old = (try? self.value(of: field)) ?? 0
    switch width {
    case 2: try memory.store(UInt16(truncatingIfNeeded: value), at: address)
    case 4: try memory.store(UInt32(truncatingIfNeeded: value), at: address)
    default: try memory.store(value, at: address)
    }
    trace.record(
      TraceEntry(
        role: f.owner, kind: .poke, field: .packed(f), address: address, length: width, value: value, oldValue: old,
        detail: "sets \(f) directly: \(PackedFieldFormat.value(old, of: f)) → \(PackedFieldFormat.value(value, of: f))"))
  }
}

extension PackedDriver: RingDriver {}
extension PackedDevice: RingDevice {}
