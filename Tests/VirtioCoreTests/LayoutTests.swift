import Testing
@testable import VirtioCore

@Suite struct LayoutTests {
  @Test(arguments: [1, 2, 8, 256, 32768])
  func modernSizesAndAlignments(size: Int) throws {
    let layout = try SplitLayout(size: size, kind: .modern, base: 0)
    #expect(layout.descriptorTableSize == UInt64(16 * size))
    #expect(layout.availRingSize == UInt64(6 + 2 * size))
    #expect(layout.usedRingSize == UInt64(6 + 8 * size))
    #expect(layout.descriptorTable % 16 == 0 && layout.availRing % 2 == 0 && layout.usedRing % 4 == 0)
    #expect(layout.availRing == UInt64(16 * size))
    #expect(layout.usedEvent == layout.availRing + 4 + 2 * UInt64(size))
    #expect(layout.availEvent == layout.usedRing + 4 + 8 * UInt64(size))
  }

  /// reference/virtio.md §2.2 worked layouts (base 0).
  @Test func worked8EntryLayout() throws {
    let l = try SplitLayout(size: 8, kind: .modern, base: 0)
    #expect(l.availFlags == 0x80 && l.availIdx == 0x82 && l.availEntry(0) == 0x84 && l.usedEvent == 0x94)
    #expect(l.usedRing == 0x98 && l.availEvent == 0xDC && l.end == 0xDE)
    let one = try SplitLayout(size: 1, kind: .modern, base: 0)
    #expect(one.availRing == 0x10 && one.usedEvent == 0x16 && one.usedRing == 0x18 && one.availEvent == 0x24)
  }

  @Test func legacyUsedRingOnPageBoundary() throws {
    let l = try SplitLayout(size: 256, kind: .legacy, base: 0)
    #expect(l.availRing == 4096)
    #expect(l.usedRing == 8192)
    #expect(l.end == 10246)  // vring_size(256, 4096)
    let one = try SplitLayout(size: 1, kind: .legacy, base: 0)
    #expect(one.usedRing == 0x1000 && one.end == 4110)
  }

  @Test(arguments: [0, 3, 6, 65536, 32769, -1])
  func invalidSizesAreRejected(size: Int) {
    #expect(throws: VirtqueueError.self) { try SplitLayout(size: size) }
    do { _ = try SplitLayout(size: size) } catch { #expect(error.kind == .invalidQueueSize) }
  }

  @Test func misalignedAreasAreRejected() {
    for (d, a, u) in [(0x1008, 0x2000, 0x3000), (0x1000, 0x2001, 0x3000), (0x1000, 0x2000, 0x3002)] as [(UInt64, UInt64, UInt64)] {
      do {
        _ = try SplitLayout(size: 8, descriptorTable: d, availRing: a, usedRing: u)
        Issue.record("expected misaligned-ring")
      } catch {
        #expect(error.kind == .misalignedRing)
      }
    }
  }

  @Test func fieldAtAddressRoundTrips() throws {
    let l = try SplitLayout(size: 8)
    let fields: [RingField] = [.descriptor(3, .next), .availIdx, .availRing(7), .usedEvent, .usedIdx, .usedRingLen(2), .availEvent, .usedFlags]
    for f in fields {
      let (address, _) = try #require(l.location(of: f))
      #expect(l.field(at: address) == f)
    }
  }

  @Test func fieldNamesParse() {
    #expect(RingField(parsing: "desc[2].next") == .descriptor(2, .next))
    #expect(RingField(parsing: "used.ring[0].id") == .usedRingID(0))
    #expect(RingField(parsing: "avail.ring[3]") == .availRing(3))
    #expect(RingField(parsing: "avail_event") == .availEvent)
    #expect(RingField(parsing: "desc[2].bogus") == nil)
    #expect(RingField(parsing: "desc[-1].len") == nil)
  }
}
