import Testing
@testable import VirtioCore

/// A packed queue's two sides over one guest memory, for tests (the ring at 0x1000, buffers from 0x8000).
struct PackedHarness {
  var memory: GuestMemory
  var driver: PackedDriver
  var device: PackedDevice
  var trace = Trace()
  var layout: PackedLayout { driver.layout }

  init(size: Int, features: VirtioFeatures = [], memorySize: Int = 0x40000) throws {
    let layout = try PackedLayout(size: size)
    memory = GuestMemory(size: max(memorySize, Int(layout.end) + 0x20000))
    let start = SplitLayout.align(max(0x8000, layout.end), to: 4096)
    driver = PackedDriver(layout: layout, allocator: GuestAllocator(start: start, length: UInt64(memory.size) - start))
    driver.setFeatures(features)
    device = PackedDevice(layout: layout, features: features)
  }

  /// Adds caller-placed buffers: `(address, length, writable)`.
  @discardableResult
  mutating func add(_ buffers: [(GuestAddress, UInt32, Bool)]) throws(VirtqueueError) -> UInt16 {
    let list = buffers.map { DescriptorChain.Buffer(address: $0.0, length: $0.1, isWritable: $0.2, source: .buffer($0.0, length: Int($0.1))) }
    return try driver.add(buffers: list, memory: &memory, trace: &trace)
  }

  @discardableResult
  mutating func add(readable: [[UInt8]] = [], writable: [Int] = []) throws(VirtqueueError) -> UInt16 {
    try driver.add(readable: readable, writable: writable, memory: &memory, trace: &trace)
  }

  mutating func publish() throws(VirtqueueError) { try driver.publish(memory: &memory, trace: &trace) }
  mutating func kick() throws(VirtqueueError) -> Bool { try driver.kickPrepare(memory: &memory, trace: &trace) }
  mutating func pop() throws(VirtqueueError) -> DescriptorChain? { try device.pop(memory: &memory, trace: &trace) }
  mutating func flush() throws(VirtqueueError) { try device.flush(memory: &memory, trace: &trace) }
  @discardableResult
  mutating func push(id: UInt16? = nil, length: UInt32) throws(VirtqueueError) -> DescriptorChain? {
    try device.push(id: id, length: length, memory: &memory, trace: &trace)
  }
  mutating func interrupt() throws(VirtqueueError) -> Bool { try device.shouldInterrupt(memory: &memory, trace: &trace) }
  mutating func reclaim() throws(VirtqueueError) -> [UsedBuffer] { try driver.reclaimAll(memory: &memory, trace: &trace) }

  /// The 16 bytes of ring slot `i`.
  func slot(_ i: Int) -> [UInt8] { bytes(layout.descriptor(i), 16) }
  func bytes(_ address: GuestAddress, _ count: Int) -> [UInt8] { (try? memory.read(at: address, count: count)) ?? [] }
  func flags(_ i: Int) -> UInt16 { (try? memory.load(UInt16.self, at: layout.descriptor(i) + 14)) ?? 0xdead }

  /// Writes `value` into a packed field, as a hostile party would.
  mutating func poke(_ field: PackedField, _ value: UInt64) throws {
    let (address, width) = try #require(layout.location(of: field))
    switch width {
    case 2: try memory.store(UInt16(truncatingIfNeeded: value), at: address)
    case 4: try memory.store(UInt32(truncatingIfNeeded: value), at: address)
    default: try memory.store(value, at: address)
    }
  }

  /// The descriptor-field writes in the trace after `sequence`, as `desc[i].part` names, in order.
  func writes(after sequence: Int = 0) -> [String] {
    trace.entries(after: sequence).filter { $0.kind == .write }.compactMap { $0.field.map(String.init(describing:)) }
  }
}

/// `addr(8) | len(4) | id(2) | flags(2)` as bytes, for expected slot contents.
func packedSlot(addr: UInt64, len: UInt32, id: UInt16, flags: UInt16) -> [UInt8] {
  PackedDescriptor(address: addr, length: len, id: id, flags: PackedDescriptorFlags(rawValue: flags)).bytes
}
