/// What a packed queue looks like at one moment, computed by the engine so a picture only draws it: every ring
/// slot with its descriptor, its AVAIL/USED bits read against the wrap counter of the side that would look at it
/// next, who wrote it last, the chains the driver lent out (id → slots → buffers), and both sides' next slots with
/// their wrap counters. A slot whose bits belong to an earlier lap is ``State/stale``: neither side acts on it.
public struct PackedSnapshot: Equatable, Sendable {
  /// What a slot means now.
  public enum State: String, CaseIterable, Equatable, Hashable, Sendable {
    /// All 16 bytes zero: never written ("The descriptor ring is zero-initialized").
    case empty
    /// Written by the driver, but the chain's first flags are held back: the device cannot see it yet.
    case beingBuilt = "being-built"
    /// Available for the device's wrap counter at this slot: the device will take it.
    case available
    /// Taken by the device and not yet returned.
    case inFlight = "in-flight"
    /// Used for the driver's wrap counter at this slot: the driver will reclaim it.
    case used
    /// Left from an earlier lap: neither side will act on it.
    case stale
  }

  /// One ring slot.
  public struct Slot: Equatable, Sendable {
    public var index: Int
    public var descriptor: PackedDescriptor
    public var state: State
    /// The side whose marking the AVAIL/USED bits show (AVAIL ≠ USED: the driver; AVAIL = USED: the device); nil
    /// for an empty slot.
    public var writtenBy: Role?
    /// The Buffer ID of the outstanding chain this slot belongs to, if any.
    public var chain: UInt16?
  }

  /// An outstanding chain as the driver recorded it.
  public struct Chain: Equatable, Sendable {
    public var id: UInt16
    public var slots: [Int]
    public var buffers: [DescriptorChain.Buffer]
    public var indirectTable: DescriptorChain.IndirectTable?
  }

  public let layout: PackedLayout
  public let slots: [Slot]
  public let chains: [Chain]
  /// Driver: `next_avail_idx` and the avail wrap counter; `last_used_idx` and the used wrap counter.
  public let driverNext: (slot: Int, wrap: Bool)
  public let driverLastUsed: (slot: Int, wrap: Bool)
  /// Device: `last_avail_idx` and its wrap counter; `used_idx` and its wrap counter.
  public let deviceNext: (slot: Int, wrap: Bool)
  public let deviceUsed: (slot: Int, wrap: Bool)
  /// The two event structures: `off_wrap` and `flags`.
  public let driverEvent: (offWrap: UInt16, flags: UInt16)
  public let deviceEvent: (offWrap: UInt16, flags: UInt16)

  public static func == (a: PackedSnapshot, b: PackedSnapshot) -> Bool {
    a.layout == b.layout && a.slots == b.slots && a.chains == b.chains && a.driverNext == b.driverNext
      && a.driverLastUsed == b.driverLastUsed && a.deviceNext == b.deviceNext && a.deviceUsed == b.deviceUsed
      && a.driverEvent == b.driverEvent && a.deviceEvent == b.deviceEvent
  }

  /// The snapshot of `queue` now.
  public init(_ queue: PackedVirtqueue) {
    self.init(layout: queue.layout, memory: queue.memory, driver: queue.driver, device: queue.device)
  }

  public init(layout: PackedLayout, memory: GuestMemory, driver: PackedDriver, device: PackedDevice) {
    self.layout = layout
    driverNext = (driver.nextAvailIdx, driver.availWrapCounter)
    driverLastUsed = (driver.lastUsedIdx, driver.usedWrapCounter)
    deviceNext = (device.lastAvailIdx, device.availWrapCounter)
    deviceUsed = (device.usedIdx, device.usedWrapCounter)
    func load(_ address: GuestAddress) -> UInt16 { (try? memory.load(UInt16.self, at: address)) ?? 0 }
    driverEvent = (load(layout.driverEvent), load(layout.driverEvent + 2))
    deviceEvent = (load(layout.deviceEvent), load(layout.deviceEvent + 2))
    var chains: [Chain] = []
    var owner: [Int: UInt16] = [:]
    for id in 0..<UInt16(layout.size) {
      guard let record = driver.outstanding(id) else { continue }
      chains.append(Chain(id: id, slots: record.slots, buffers: record.buffers, indirectTable: record.indirectTable))
      for s in record.slots { owner[s] = id }
    }
    self.chains = chains
    let pending = Set(driver.pending.map(\.slot))
    var inFlight = Set<Int>()
    for e in device.inFlight + device.filled {
      for k in 0..<e.descriptorCount { inFlight.insert(layout.advance(e.firstSlot, by: k).slot) }
    }
    slots = (0..<layout.size).map { i in
      let bytes = (try? memory.read(at: layout.descriptor(i), count: 16)) ?? []
      let d = PackedDescriptor(bytes: bytes) ?? PackedDescriptor(address: 0, length: 0, id: 0, flags: [])
      let a = d.flags.contains(.avail), u = d.flags.contains(.used)
      let empty = bytes.allSatisfy { $0 == 0 }
      // The lap a side is on at slot i: slots before its next slot already belong to the following lap.
      let deviceWrap = i >= device.lastAvailIdx ? device.availWrapCounter : !device.availWrapCounter
      let driverWrap = i >= driver.lastUsedIdx ? driver.usedWrapCounter : !driver.usedWrapCounter
      let state: State
      if pending.contains(i) { state = .beingBuilt }
      else if inFlight.contains(i) { state = .inFlight }
      else if d.flags.isAvailable(wrap: deviceWrap) { state = .available }
      else if !empty && d.flags.isUsed(wrap: driverWrap) { state = .used }
      else if empty { state = .empty }
      else { state = .stale }
      return Slot(index: i, descriptor: d, state: state, writtenBy: empty ? nil : (a != u ? .driver : .device), chain: owner[i])
    }
  }
}
