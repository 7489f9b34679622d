import VirtioCore

/// The operations a script drives on a virtqueue, whatever its ring format: the split ring (``Virtqueue``, VIRTIO
/// 1.x §2.7) and the packed ring (``PackedVirtqueue``, §2.8) both conform, so one interpreter of the script
/// language serves both (`ScriptedQueue-apply.swift`); only what differs between the formats (how a field's value
/// and address are found, the private indices each side keeps) is written per format.
protocol ScriptedQueue {
  associatedtype Driver: RingDriver
  associatedtype Device: RingDevice
  var driver: Driver { get }
  var device: Device { get }
  /// Each side's private index into the rings (`last_avail_idx` the device's, `last_used_idx` the driver's) and
  /// the chains the driver has out.
  var privateIndices: PrivateIndices { get }
  var registers: DeviceRegisters { get }
  var negotiated: VirtioFeatures { get }
  var counters: Virtqueue.Counters { get }
  var trace: Trace { get set }
  var memory: GuestMemory { get set }
  /// The chain the device has held longest (what `device push` completes next).
  var oldestInFlightChain: DescriptorChain? { get }

  mutating func initialize(accepting accepted: VirtioFeatures) throws(VirtqueueError)
  mutating func writeStatus(_ bits: DeviceStatus) throws(VirtqueueError)
  mutating func acceptFeatures(_ features: VirtioFeatures) throws(VirtqueueError)
  mutating func setStrictFeatures(_ strict: Bool)
  mutating func setIndirectPolicy(_ policy: SplitDriver.IndirectPolicy)
  mutating func add(readable: [[UInt8]], writable: [Int]) throws(VirtqueueError) -> UInt16
  mutating func publish() throws(VirtqueueError)
  @discardableResult
  mutating func kick() throws(VirtqueueError) -> Bool
  mutating func reclaim() throws(VirtqueueError) -> [UsedBuffer]
  mutating func setInterrupts(enabled: Bool) throws(VirtqueueError)
  @discardableResult
  mutating func pop() throws(VirtqueueError) -> DescriptorChain?
  mutating func readInFlight() throws(VirtqueueError) -> [UInt8]
  /// Completes the oldest chain in flight with `length` bytes (`device push`).
  mutating func complete(length: UInt32, data: [UInt8]?) throws(VirtqueueError)
  /// Fills the oldest chain in flight without publishing it (one chain of `device push count=N`).
  mutating func fillOldest(length: UInt32, data: [UInt8]?) throws(VirtqueueError)
  mutating func flush() throws(VirtqueueError)
  @discardableResult
  mutating func interrupt() throws(VirtqueueError) -> Bool
  mutating func setNotifications(enabled: Bool) throws(VirtqueueError)
  mutating func poke(_ field: RingField, _ value: UInt64) throws(VirtqueueError)

  /// A ring field's value, read from guest memory (or from `view`, an earlier moment of it).
  func value(of field: RingField, in view: GuestMemoryView?) throws(VirtqueueError) -> UInt64
  /// A field's value as a script shows it (flag fields of the packed ring with their names).
  func scriptValue(_ n: UInt64, of field: RingField) -> ScriptValue
  /// A ring field's guest-physical address.
  func scriptAddress(of field: RingField) -> Result<ScriptValue, ScriptEvaluationError>
  /// A counter that only this format's driver or device keeps (the shadow index, the wrap counters), by script name.
  func formatCounter(_ name: String) -> UInt64?
  /// Why a counter has no value on this queue (the end of the message).
  var missingCounterReason: String { get }
}

extension Virtqueue: ScriptedQueue {
  var oldestInFlightChain: DescriptorChain? { device.oldestInFlight }
  var privateIndices: PrivateIndices {
    PrivateIndices(lastAvailIdx: Int(device.lastAvailIdx), lastUsedIdx: Int(driver.lastUsedIdx), outstanding: driver.outstandingCount)
  }

  mutating func complete(length: UInt32, data: [UInt8]?) throws(VirtqueueError) { try push(length: length, data: data) }
  mutating func fillOldest(length: UInt32, data: [UInt8]?) throws(VirtqueueError) { try fill(length: length, data: data) }

  func scriptValue(_ n: UInt64, of field: RingField) -> ScriptValue { .number(n) }

  func scriptAddress(of field: RingField) -> Result<ScriptValue, ScriptEvaluationError> {
    guard let (address, _) = layout.location(of: field) else { return .failure(.init("\(field) is outside the queue")) }
    return .success(.number(address))
  }

  func formatCounter(_ name: String) -> UInt64? {
    name == "avail_idx_shadow" ? UInt64(driver.availIdxShadow) : nil
  }

  var missingCounterReason: String { "has no value yet" }
}

extension PackedVirtqueue: ScriptedQueue {
  var oldestInFlightChain: DescriptorChain? { device.oldestInFlight }
  var privateIndices: PrivateIndices {
    PrivateIndices(lastAvailIdx: Int(device.lastAvailIdx), lastUsedIdx: Int(driver.lastUsedIdx), outstanding: driver.outstandingCount)
  }

  mutating func complete(length: UInt32, data: [UInt8]?) throws(VirtqueueError) { try push(length: length, data: data) }
  mutating func fillOldest(length: UInt32, data: [UInt8]?) throws(VirtqueueError) { try fill(length: length, data: data) }

  func scriptValue(_ n: UInt64, of field: RingField) -> ScriptValue {
    guard let packed = PackedVirtqueue.packedField(field), packed.isFlags else { return .number(n) }
    return .bits(n, PackedFieldFormat.value(n, of: packed))
  }

  func scriptAddress(of field: RingField) -> Result<ScriptValue, ScriptEvaluationError> {
    do {
      return .success(.number(try location(of: field).address))
    } catch {
      return .failure(.init(error.message))
    }
  }

  func formatCounter(_ name: String) -> UInt64? {
    func bit(_ b: Bool) -> UInt64 { b ? 1 : 0 }
    switch name {
    case "driver.wrap": return bit(driver.availWrapCounter)
    case "device.wrap": return bit(device.availWrapCounter)
    case "driver.used_wrap": return bit(driver.usedWrapCounter)
    case "device.used_wrap": return bit(device.usedWrapCounter)
    default: return nil
    }
  }

  var missingCounterReason: String { "has no value on a packed queue" }
}

extension PackedField {
  /// Whether the field holds flag bits (shown with their names).
  var isFlags: Bool {
    switch self {
    case .descriptor(_, .flags), .indirect(_, _, .flags), .driverEvent(.flags), .deviceEvent(.flags): return true
    default: return false
    }
  }
}

/// The indices each side keeps to itself (VIRTIO 1.x §2.7.13, §2.7.14; Linux `last_used_idx`, QEMU
/// `last_avail_idx`) and how many chains the driver has out.
struct PrivateIndices {
  /// A free-running `UInt16` on the split ring, a slot number (0 ..< size) on the packed ring.
  var lastAvailIdx: Int
  var lastUsedIdx: Int
  var outstanding: Int
}
