import Testing
@testable import VirtioCore

/// The ring's own fields are reached without a range check per access once an operation has checked that the
/// memory holds the whole ring (`GuestMemory.holdsRing`); these tests pin that the two paths are the same engine.
@Suite struct RingFieldAccessTests {
  /// Runs add → publish → kick → pop → read → push → interrupt → reclaim `cycles` times, 1- and 3-buffer chains.
  func run(_ q: inout Virtqueue, cycles: Int) throws {
    for n in 0..<cycles {
      let readable: [[UInt8]] = n % 2 == 0 ? [[1, 2, 3, 4]] : [[5, 6], [7, 8, 9]]
      try q.add(readable: readable, writable: n % 2 == 0 ? [] : [16])
      try q.publish()
      _ = try q.kick()
      _ = try q.popHead()
      _ = try q.readInFlight()
      _ = try q.pushHead(length: n % 2 == 0 ? 0 : 16, data: n % 2 == 0 ? nil : [UInt8](repeating: UInt8(n), count: 16))
      _ = try q.interrupt()
      _ = try q.reclaim()
    }
  }

  func queue(eventIdx: Bool) throws -> Virtqueue {
    let features: VirtioFeatures = eventIdx ? [.version1, .eventIdx] : [.version1]
    var q = try Virtqueue(.init(size: 8, offered: features))
    try q.initialize(accepting: features)
    return q
  }

  @Test(arguments: [false, true]) func uncheckedRingFieldsMatchTheCheckedPath(eventIdx: Bool) throws {
    var fast = try queue(eventIdx: eventIdx)
    var checked = try queue(eventIdx: eventIdx)
    #expect(fast.memory.holdsRing(fast.layout))
    // A write log makes every access take the checked path (each write must be logged).
    checked.memory.startJournal()
    #expect(!checked.memory.holdsRing(checked.layout))
    try run(&fast, cycles: 20)
    try run(&checked, cycles: 20)
    #expect(fast.memory.bytes == checked.memory.bytes)
    #expect(fast.trace.entries == checked.trace.entries)
    #expect(fast.trace.entries.map(\.description) == checked.trace.entries.map(\.description))
  }

  @Test func aRingOutsideMemoryOrInReadOnlyMemoryIsNotHeld() throws {
    let layout = try SplitLayout(size: 8, base: 0x1000)
    #expect(GuestMemory(size: 0x1000 + Int(layout.ringLength)).holdsRing(layout))
    #expect(!GuestMemory(size: 0x1000 + Int(layout.ringLength) - 1).holdsRing(layout))
    #expect(!GuestMemory(image: [UInt8](repeating: 0, count: 0x2000)).holdsRing(layout))
    let far = try SplitLayout(size: 8, descriptorTable: 0x1000, availRing: 0x8000, usedRing: 0xFFFF_FFFF_FFFF_0000)
    #expect(far.ringStart == 0x1000)
    #expect(!GuestMemory(size: 0x10000).holdsRing(far))
  }

  @Test func aTraceEntryStoresItsNoteAsPlainValues() {
    let notes: [TraceNote] = [
      .index("last_avail_idx"), .index("last_used_idx"), .index("avail_idx_shadow"), .text("a sentence"), .fieldRead,
      .chainAdded(readable: 1, writable: 2, indirect: true, slot: 3, numFree: 4), .kick(.usedFlags(noNotify: true)),
    ]
    for note in notes {
      var entry = TraceEntry(role: .driver, kind: .note, note: note)
      #expect(entry.note == note)
      entry.note = .bufferRead
      #expect(entry.note == .bufferRead && entry.text == nil)
    }
    #expect(TraceEntry(role: .driver, kind: .note, detail: "x") == TraceEntry(role: .driver, kind: .note, note: .text("x")))
    #expect(TraceEntry(role: .driver, kind: .index, note: .index("last_used_idx")).text == nil)
  }
}
