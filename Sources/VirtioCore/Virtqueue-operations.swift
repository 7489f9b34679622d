extension Virtqueue {
  // MARK: - Driver

  /// The driver adds one chain (not yet published). See ``SplitDriver/add(readable:writable:memory:trace:)``.
  @discardableResult
  public mutating func add(readable: [[UInt8]], writable: [Int]) throws(VirtqueueError) -> UInt16 {
    try driverAction {
      (q: inout Virtqueue) throws(VirtqueueError) -> UInt16 in
      try q.requireConfigured("driver add")
      let head = try q.driver.add(readable: readable, writable: writable, memory: &q.memory, trace: &q.trace)
      q.counters.chainsAdded += 1
      return head
    }
  }

  /// The driver publishes `avail.idx`.
  public mutating func publish() throws(VirtqueueError) {
    try driverAction { (q: inout Virtqueue) throws(VirtqueueError) in
      try q.requireConfigured("driver publish")
      try q.driver.publish(memory: &q.memory, trace: &q.trace)
    }
  }

  /// The driver decides whether to kick and, if so, notifies the device. Returns whether it kicked.
  @discardableResult
  public mutating func kick() throws(VirtqueueError) -> Bool {
    try driverAction { (q: inout Virtqueue) throws(VirtqueueError) -> Bool in
      try q.requireLive("driver kick")
      let kicked = try q.driver.kickPrepare(memory: &q.memory, trace: &q.trace)
      if kicked { q.counters.kicks += 1 } else { q.counters.kicksSuppressed += 1 }
      return kicked
    }
  }

  /// The driver reclaims every used chain visible now.
  @discardableResult
  public mutating func reclaim() throws(VirtqueueError) -> [UsedBuffer] {
    var result: [UsedBuffer] = []
    while let used = try reclaimNext() { result.append(used) }
    return result
  }

  /// The driver reclaims the next used chain, if any; with `collectWritten` off the device's bytes stay in the
  /// buffers and only the head and length come back (Linux `virtqueue_get_buf`).
  public mutating func reclaimNext(collectWritten: Bool = true) throws(VirtqueueError) -> UsedBuffer? {
    try driverAction { (q: inout Virtqueue) throws(VirtqueueError) -> UsedBuffer? in
      try q.requireConfigured("driver reclaim")
      guard let used = try q.driver.reclaimOne(memory: &q.memory, trace: &q.trace, collectWritten: collectWritten) else {
        return nil
      }
      q.counters.chainsReclaimed += 1
      return used
    }
  }

  /// The driver turns used-buffer notifications (interrupts) on or off.
  public mutating func setInterrupts(enabled: Bool) throws(VirtqueueError) {
    try driverAction { (q: inout Virtqueue) throws(VirtqueueError) in
      try q.requireConfigured("driver interrupts")
      try q.driver.setInterrupts(enabled: enabled, memory: &q.memory, trace: &q.trace)
    }
  }

  /// Sets how the driver chooses indirect tables.
  public mutating func setIndirectPolicy(_ policy: SplitDriver.IndirectPolicy) {
    driver.indirectPolicy = policy
  }

  // MARK: - Device

  /// The device takes the next available chain, or nil when the queue is empty or the device is broken.
  @discardableResult
  public mutating func pop() throws(VirtqueueError) -> DescriptorChain? {
    try popHead().map(device.chain(head:))
  }

  /// ``pop()`` returning only the head (QEMU's element index); the chain stays in the device.
  @discardableResult
  public mutating func popHead() throws(VirtqueueError) -> UInt16? {
    if device.isBroken {
      trace.record(TraceEntry(role: .device, kind: .note, detail: "device is broken (DEVICE_NEEDS_RESET): the queue is ignored until reset"))
      return nil
    }
    return try deviceAction { (q: inout Virtqueue) throws(VirtqueueError) -> UInt16? in
      try q.requireLive("device pop")
      guard let head = try q.device.popHead(memory: &q.memory, trace: &q.trace) else {
        q.counters.spuriousNotifications += 1
        return nil
      }
      q.counters.chainsPopped += 1
      return head
    }
  }

  /// The device reads the readable buffers of the oldest in-flight chain.
  public mutating func readInFlight() throws(VirtqueueError) -> [UInt8] {
    var bytes: [UInt8] = []
    try readInFlight(into: &bytes)
    return bytes
  }

  /// The device reads the readable buffers of the oldest in-flight chain into `bytes` (replacing its contents and
  /// reusing its capacity, as a device reads into its own buffer).
  public mutating func readInFlight(into bytes: inout [UInt8]) throws(VirtqueueError) {
    guard let head = device.oldestInFlightHead else {
      bytes.removeAll(keepingCapacity: true)
      return
    }
    try device.readReadable(head: head, replacing: &bytes, memory: memory, trace: &trace)
  }

  /// The device writes `data` into the oldest in-flight chain (nil: a byte pattern of `length`), then pushes it with
  /// `used.len = length`. Returns the chain, or nil when nothing is in flight.
  @discardableResult
  public mutating func push(length: UInt32, data: [UInt8]? = nil, head: UInt16? = nil) throws(VirtqueueError) -> DescriptorChain? {
    guard let position = Self.chosen(head, in: device) else { return nil }
    let chain = device.chain(head: device.inFlightHeads[position])
    return try pushHead(length: length, data: data, head: head) == nil ? nil : chain
  }

  /// ``push(length:data:head:)`` returning only the head that went into the used ring.
  @discardableResult
  public mutating func pushHead(length: UInt32, data: [UInt8]? = nil, head: UInt16? = nil) throws(VirtqueueError) -> UInt16? {
    if device.isBroken { return nil }
    return try deviceAction { (q: inout Virtqueue) throws(VirtqueueError) -> UInt16? in
      guard let position = Self.chosen(head, in: q.device) else { return nil }
      let chosen = q.device.inFlightHeads[position]
      if let data {
        try q.device.writeWritable(data, head: chosen, memory: &q.memory, trace: &q.trace)
      } else {
        let count = Int(min(UInt64(length), q.device.length(of: chosen, writable: true)))
        try q.device.writeWritable(Self.pattern(count: count, seed: chosen), head: chosen, memory: &q.memory, trace: &q.trace)
      }
      let pushed = try q.device.pushHead(at: position, length: length, memory: &q.memory, trace: &q.trace)
      q.counters.chainsPushed += 1
      return pushed
    }
  }

  /// The device decides whether to interrupt and, if so, interrupts the driver. Returns whether it did.
  @discardableResult
  public mutating func interrupt() throws(VirtqueueError) -> Bool {
    if device.isBroken { return false }
    return try deviceAction { (q: inout Virtqueue) throws(VirtqueueError) -> Bool in
      try q.requireLive("device interrupt")
      let needed = try q.device.shouldInterrupt(memory: &q.memory, trace: &q.trace)
      if needed { q.counters.interrupts += 1 } else { q.counters.interruptsSuppressed += 1 }
      return needed
    }
  }

  /// The device turns available-buffer notifications (kicks) on or off.
  public mutating func setNotifications(enabled: Bool) throws(VirtqueueError) {
    try deviceAction { (q: inout Virtqueue) throws(VirtqueueError) in
      try q.requireConfigured("device notifications")
      try q.device.setNotifications(enabled: enabled, memory: &q.memory, trace: &q.trace)
    }
  }

  // MARK: - Inspection and corruption

  /// Reads a ring field's value from guest memory: now, or as it was in `view` (an earlier point of the log).
  public func value(of field: RingField, in view: GuestMemoryView? = nil) throws(VirtqueueError) -> UInt64 {
    guard let (address, width) = layout.location(of: field) else {
      throw VirtqueueError(.addressOutOfRange, "\(field) is outside the queue of size \(layout.size)")
    }
    if let view {
      switch width {
      case 2: return UInt64(try view.load(UInt16.self, at: address))
      case 4: return UInt64(try view.load(UInt32.self, at: address))
      case 8: return try view.load(UInt64.self, at: address)
      default: return UInt64(try view.load(UInt8.self, at: address))
      }
    }
    switch width {
    case 2: return UInt64(try memory.load(UInt16.self, at: address))
    case 4: return UInt64(try memory.load(UInt32.self, at: address))
    case 8: return try memory.load(UInt64.self, at: address)
    default: return UInt64(try memory.load(UInt8.self, at: address))
    }
  }

  /// Writes a ring field on purpose, bypassing both sides' rules: how lessons show what a device must reject. The
  /// write is attributed to the side that owns the field (a buggy driver for the descriptor table and available
  /// ring, a buggy device for the used ring).
  public mutating func poke(_ field: RingField, _ value: UInt64) throws(VirtqueueError) {
    guard let (address, width) = layout.location(of: field), width == 2 || width == 4 || width == 8 else {
      throw VirtqueueError(.addressOutOfRange, "\(field) is outside the queue of size \(layout.size)")
    }
    let old = (try? self.value(of: field)) ?? 0
    switch width {
    case 2: try memory.store(UInt16(truncatingIfNeeded: value), at: address)
    case 4: try memory.store(UInt32(truncatingIfNeeded: value), at: address)
    default: try memory.store(value, at: address)
    }
    trace.record(
      TraceEntry(
        role: field.owner, kind: .poke, field: field, address: address, length: width, value: value, oldValue: old,
        detail: "sets \(field) directly: \(FieldFormat.value(old, of: field)) → \(FieldFormat.value(value, of: field))"))
  }

  // MARK: - Plumbing

  /// The chain a push means: `head` if it is in flight, else the oldest.
  static func chosen(_ head: UInt16?, in device: SplitDevice) -> Int? { device.chosenPosition(head) }

  private mutating func driverAction<T>(_ body: (inout Virtqueue) throws(VirtqueueError) -> T) throws(VirtqueueError) -> T {
    do {
      return try body(&self)
    } catch {
      fail(error, by: .driver)
      throw error
    }
  }

  mutating func deviceAction<T>(_ body: (inout Virtqueue) throws(VirtqueueError) -> T) throws(VirtqueueError) -> T {
    do {
      return try body(&self)
    } catch {
      fail(error, by: .device)
      throw error
    }
  }

  /// A deterministic byte pattern standing in for data the device produces.
  public static func pattern(count: Int, seed: UInt16) -> [UInt8] {
    (0..<max(0, count)).map { UInt8(truncatingIfNeeded: $0 &+ Int(seed) &* 17) }
  }
}
