import Testing
@testable import VirtioCore

@Suite struct RandomizedTests {
  /// Seeded random sequences of valid operations keep the invariants: no descriptor lost or doubled, used ⊆
  /// published, free count consistent.
  @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
  func validOperationsKeepInvariants(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    let size = [1, 2, 4, 8, 16][Int(seed % 5)]
    var features: VirtioFeatures = [.version1]
    if rng.next() % 2 == 0 { features.insert(.eventIdx) }
    if rng.next() % 2 == 0 { features.insert(.indirectDesc) }
    var q = try Virtqueue(.init(size: size, offered: features, tracing: false))
    try q.initialize(accepting: features)
    var added = 0, pushed = 0, reclaimed = 0
    for _ in 0..<600 {
      switch rng.next() % 6 {
      case 0:
        let outs = Int(rng.next() % 3), ins = Int(rng.next() % 3)
        guard outs + ins > 0 else { continue }
        let readable = (0..<outs).map { _ in [UInt8](repeating: 1, count: Int(rng.next() % 64) + 1) }
        let writable = (0..<ins).map { _ in Int(rng.next() % 64) + 1 }
        do {
          try q.add(readable: readable, writable: writable)
          added += 1
        } catch {
          #expect(error.kind == .queueFull)
        }
      case 1: try q.publish()
      case 2: _ = try q.kick()
      case 3: _ = try q.pop()
      case 4:
        if try q.push(length: UInt32(rng.next() % 8)) != nil { pushed += 1 }
      default:
        _ = try q.interrupt()
        reclaimed += try q.reclaim().count
      }
      try checkInvariants(q)
    }
    #expect(q.firstError == nil || q.firstError?.kind == .queueFull)
    #expect(reclaimed <= pushed && pushed <= added)
  }

  func checkInvariants(_ q: Virtqueue) throws {
    let d = q.driver
    var seen = Set<UInt16>()
    var index = d.freeHead
    for _ in 0..<d.numFree {
      #expect(Int(index) < q.layout.size)
      #expect(seen.insert(index).inserted, "descriptor \(index) is on the free list twice")
      index = d.links[Int(index)]
    }
    var inUse = 0
    for chain in d.outstandingChains {
      for desc in chain.descriptors { #expect(seen.insert(desc).inserted, "descriptor \(desc) doubled") }
      inUse += chain.descriptors.count
    }
    #expect(d.numFree + inUse == q.layout.size, "a descriptor was lost")
    let published = try q.value(of: .availIdx)
    let used = try q.value(of: .usedIdx)
    #expect(UInt16(truncatingIfNeeded: published &- used) <= UInt16(q.layout.size), "used ⊆ published")
    #expect(q.device.inFlight.count <= q.layout.size)
  }

  /// Seeded random corruption of ring memory never crashes the device side: it returns a valid chain, nothing, or
  /// a named error.
  @Test(arguments: Array(UInt64(1)...UInt64(40)))
  func corruptionNeverCrashesTheDevice(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed * 7919)
    var q = try Virtqueue(.init(size: 8, tracing: seed % 2 == 0))
    try q.initialize(accepting: [.version1, .indirectDesc, .eventIdx])
    for _ in 0..<4 { try q.add(readable: [[1, 2, 3]], writable: [16]) }
    q.setIndirectPolicy(.never)
    for _ in 0..<2 { try q.add(readable: [[4]], writable: [8]) }
    try q.publish()
    let l = q.layout
    let regions: [(GuestAddress, UInt64)] = [
      (l.descriptorTable, l.descriptorTableSize), (l.availRing, l.availRingSize), (l.usedRing, l.usedRingSize),
    ]
    for _ in 0..<Int(rng.next() % 12) + 1 {
      let (start, length) = regions[Int(rng.next() % 3)]
      let address = start + rng.next() % length
      q.memory.corruptByte(at: address, with: UInt8(truncatingIfNeeded: rng.next()))
    }
    // An indirect table's contents too.
    let table = try q.value(of: .descriptor(0, .addr))
    if q.memory.contains(table, length: 32) { q.memory.corruptByte(at: table + rng.next() % 32, with: UInt8(truncatingIfNeeded: rng.next())) }
    for _ in 0..<10 {
      do {
        if let chain = try q.pop() {
          #expect(Int(chain.head) < l.size)
          for b in chain.buffers { #expect(q.memory.contains(b.address, length: UInt64(b.length)) && b.length > 0) }
          _ = try q.readInFlight()
          try q.push(length: 1)
        }
      } catch {
        #expect(VirtqueueError.Kind.allCases.contains(error.kind))
        #expect(q.device.isBroken)
        break
      }
    }
  }
}

extension GuestMemory {
  /// Test-only raw write that bypasses both sides.
  mutating func corruptByte(at address: GuestAddress, with value: UInt8) {
    try? store(value, at: address)
  }
}
