import Testing
@testable import VirtioCore

/// The packed ring's bytes: descriptor and event-structure encoding, the layout, and the two flag predicates.
@Suite struct PackedFormatTests {
  @Test func descriptorEncodesAtOffsets0_8_12_14() throws {
    let d = PackedDescriptor(address: 0x1122_3344_5566_7788, length: 0x99aa_bbcc, id: 0xddee, flags: [.next, .write, .avail])
    #expect(d.bytes == [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0xcc, 0xbb, 0xaa, 0x99, 0xee, 0xdd, 0x83, 0x00])
    #expect(PackedDescriptor(bytes: d.bytes) == d)
    #expect(PackedDescriptor(bytes: Array(d.bytes.dropLast())) == nil)
    #expect(PackedDescriptor.size == 16)
    #expect(PackedDescriptorPart.allCases.map(\.offset) == [0, 8, 12, 14])
    #expect(PackedDescriptorPart.allCases.map(\.width) == [8, 4, 2, 2])
    #expect([PackedDescriptorFlags.next, .write, .indirect, .avail, .used].map(\.rawValue) == [0x0001, 0x0002, 0x0004, 0x0080, 0x8000])
    #expect(PackedDescriptorFlags(rawValue: 0x8082).description == "WRITE|AVAIL|USED")
    #expect(PackedDescriptorFlags(rawValue: 0x0110).description == "0x110")
  }

  @Test func eventStructureIsFourBytesWithWrapInBit15() throws {
    #expect(EventSuppressionPart.offWrap.offset == 0 && EventSuppressionPart.flags.offset == 2)
    #expect(PackedEvent.offWrap(offset: 3, wrap: true) == 0x8003 && PackedEvent.offWrap(offset: 0x7fff, wrap: false) == 0x7fff)
    #expect([PackedEvent.enable, PackedEvent.disable, PackedEvent.desc] == [0, 1, 2])
    #expect(PackedEvent.flagsName(2) == "DESC" && PackedEvent.flagsName(3) == "3")
    var h = try PackedHarness(size: 4)
    try h.poke(.driverEvent(.offWrap), 0x8003)
    try h.poke(.driverEvent(.flags), 2)
    try h.poke(.deviceEvent(.flags), 1)
    #expect(h.bytes(0x1040, 8) == [0x03, 0x80, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00])
  }

  @Test func truthTableOfBothPredicates() {
    // flags & 0x8080 → (available for wrap 1, for wrap 0, used for wrap 1, for wrap 0)
    let table: [(UInt16, Bool, Bool, Bool, Bool)] = [
      (0x0000, false, false, false, true),
      (0x0080, true, false, false, false),
      (0x8000, false, true, false, false),
      (0x8080, false, false, true, false),
    ]
    for (bits, a1, a0, u1, u0) in table {
      for other: UInt16 in [0, 0x0007] {  // NEXT/WRITE/INDIRECT do not matter
        let f = PackedDescriptorFlags(rawValue: bits | other)
        #expect(f.isAvailable(wrap: true) == a1 && f.isAvailable(wrap: false) == a0, "\(bits)")
        #expect(f.isUsed(wrap: true) == u1 && f.isUsed(wrap: false) == u0, "\(bits)")
      }
    }
    #expect(PackedDescriptorFlags.marking(.driver, wrap: true).rawValue == 0x0080)
    #expect(PackedDescriptorFlags.marking(.driver, wrap: false).rawValue == 0x8000)
    #expect(PackedDescriptorFlags.marking(.device, wrap: true).rawValue == 0x8080)
    #expect(PackedDescriptorFlags.marking(.device, wrap: false).rawValue == 0x0000)
  }

  @Test func layoutSizesAlignmentsAndRejections() throws {
    for size in [1, 3, 4, 5, 100, 32767, 32768] {  // not necessarily a power of two
      let l = try PackedLayout(size: size, base: 0x10000)
      #expect(l.descriptorRing == 0x10000 && l.driverEvent == 0x10000 + 16 * UInt64(size) && l.deviceEvent == l.driverEvent + 4)
      #expect(l.end == l.deviceEvent + 4 && l.descriptorRingSize == 16 * UInt64(size))
    }
    for size in [0, -1, 32769, 65536] {
      #expect(throws: VirtqueueError.self) { try PackedLayout(size: size) }
      do { _ = try PackedLayout(size: size) } catch { #expect(error.kind == .invalidQueueSize) }
    }
    let misaligned: [(GuestAddress, GuestAddress, GuestAddress)] = [(0x1008, 0x2000, 0x2004), (0x1000, 0x2002, 0x2004), (0x1000, 0x2000, 0x2006)]
    for (r, a, b) in misaligned {
      do {
        _ = try PackedLayout(size: 4, descriptorRing: r, driverEvent: a, deviceEvent: b)
        Issue.record("accepted a misaligned layout")
      } catch { #expect(error.kind == .misalignedRing) }
    }
    do {
      _ = try PackedLayout(size: 4, base: UInt64.max - 15)
      Issue.record("accepted a ring past 2^64")
    } catch { #expect(error.kind == .addressOutOfRange) }
  }

  @Test func fieldsLocateParseAndPrint() throws {
    let l = try PackedLayout(size: 3)
    #expect(l.location(of: .descriptor(2, .id))! == (0x102c, 2))
    #expect(l.location(of: .descriptor(2, .flags))! == (0x102e, 2))
    #expect(l.location(of: .descriptor(3, .addr)) == nil)
    #expect(l.location(of: .driverEvent(.flags))! == (0x1032, 2))
    #expect(l.location(of: .deviceEvent(.offWrap))! == (0x1034, 2))
    #expect(l.field(at: 0x101c) == .descriptor(1, .id) && l.field(at: 0x1033) == .driverEvent(.flags) && l.field(at: 0x1038) == nil)
    for text in ["desc[1].id", "desc[0].flags", "desc[2].addr", "desc[2].len", "driver_event.off_wrap", "device_event.flags"] {
      #expect(PackedField(parsing: text)?.description == text)
    }
    #expect(PackedField(parsing: "desc[1].next") == nil && PackedField(parsing: "driver_event.idx") == nil && PackedField(parsing: "desc[-1].id") == nil)
    #expect(RingField.packed(.descriptor(0, .flags)).description == "desc[0].flags")
    #expect(FieldFormat.value(0x0082, of: .packed(.descriptor(0, .flags))) == "WRITE|AVAIL")
    #expect(FieldFormat.value(2, of: .packed(.driverEvent(.flags))) == "DESC")
    #expect(FieldFormat.value(0x8003, of: .packed(.deviceEvent(.offWrap))) == "0x8003")
    #expect(RingField.packed(.deviceEvent(.flags)).owner == .device && RingField.packed(.driverEvent(.flags)).owner == .driver)
  }

  @Test func needEventVectorsWithTheWrapAdjustment() {
    // reference §5: off_wrap 0x8003 on a 4-ring, after A, B, C.
    #expect(!PackedEvent.needsEvent(offWrap: 0x8003, wrap: true, new: 1, old: 0, size: 4))
    #expect(!PackedEvent.needsEvent(offWrap: 0x8003, wrap: true, new: 3, old: 1, size: 4))
    #expect(PackedEvent.needsEvent(offWrap: 0x8003, wrap: false, new: 0, old: 3, size: 4))  // off 3 − 4 = 0xffff
    #expect(EventIndex.needsEvent(event: 0xffff, new: 0, old: 3))
    // Linux's kick with num_added across the end: old = next_avail − num_added wraps below 0.
    #expect(PackedEvent.needsEvent(offWrap: 0x8003, wrap: false, new: 1, old: 0xffff, size: 4))
    #expect(!PackedEvent.needsEvent(offWrap: 0x0003, wrap: false, new: 1, old: 0xffff, size: 4))
    // Same wrap: no adjustment; a non-power-of-two size adjusts by that size.
    #expect(PackedEvent.needsEvent(offWrap: 0x8002, wrap: true, new: 3, old: 2, size: 5))
    #expect(PackedEvent.needsEvent(offWrap: 0x8004, wrap: false, new: 0, old: 4, size: 5))  // 4 − 5 = 0xffff
    #expect(PackedEvent.needsEvent(offWrap: 0x0002, wrap: false, new: 3, old: 1, size: 5))  // slot 2 of lap 0 passed
    #expect(!PackedEvent.needsEvent(offWrap: 0x0002, wrap: false, new: 2, old: 1, size: 5))  // not yet
  }
}
