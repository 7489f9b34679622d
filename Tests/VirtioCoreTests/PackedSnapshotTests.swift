import Testing
@testable import VirtioCore

/// The engine's picture of a packed ring: slot states through the worked example, the stale slot included.
@Suite struct PackedSnapshotTests {
  func states(_ h: PackedHarness) -> [PackedSnapshot.State] {
    PackedSnapshot(layout: h.layout, memory: h.memory, driver: h.driver, device: h.device).slots.map(\.state)
  }

  @Test func slotStatesThroughTheWorkedExample() throws {
    var h = try PackedHarness(size: 4)
    #expect(states(h) == [.empty, .empty, .empty, .empty])
    try h.add([(0x2000, 0x10, true)])
    try h.add([(0x3000, 0x10, false), (0x3100, 0x200, true)])
    #expect(states(h) == [.beingBuilt, .beingBuilt, .available, .empty])  // slot 2's own flags are already written
    try h.publish()
    try h.add([(0x4000, 0x40, false)])
    try h.publish()
    #expect(states(h) == [.available, .available, .available, .available])
    while try h.pop() != nil {}
    #expect(states(h) == [.inFlight, .inFlight, .inFlight, .inFlight])
    for n: UInt32 in [0x10, 0x1f4, 0] { h.device.fill(length: n) }
    try h.flush()
    let snap = PackedSnapshot(layout: h.layout, memory: h.memory, driver: h.driver, device: h.device)
    #expect(snap.slots.map(\.state) == [.used, .used, .stale, .used])
    #expect(snap.slots.map(\.writtenBy) == [.device, .device, .driver, .device])
    #expect(snap.slots.map(\.chain) == [0, 1, 1, 3])
    #expect(snap.chains.map(\.id) == [0, 1, 3] && snap.chains[1].slots == [1, 2])
    #expect(snap.deviceNext == (0, false) && snap.deviceUsed == (0, false) && snap.driverLastUsed == (0, true))
    _ = try h.reclaim()
    #expect(states(h) == [.stale, .stale, .stale, .stale])
    try h.add([(0x5000, 0x10, true)])
    try h.publish()
    let round2 = PackedSnapshot(layout: h.layout, memory: h.memory, driver: h.driver, device: h.device)
    #expect(round2.slots.map(\.state) == [.available, .stale, .stale, .stale])
    #expect(round2.slots[2].descriptor.flags.rawValue == 0x0082)  // the stale available descriptor of round 1
    #expect(round2.driverNext == (1, false))
  }
}
