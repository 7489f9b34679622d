import Testing
@testable import VirtioCore

@Suite struct GuestMemoryTests {
  @Test func littleEndianRoundTrip() throws {
    var m = GuestMemory(size: 64)
    try m.store(UInt64(0x1122_3344_5566_7788), at: 8)
    #expect(Array(m.bytes[8..<16]) == [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11])
    #expect(try m.load(UInt32.self, at: 8) == 0x5566_7788)
    #expect(try m.load(UInt16.self, at: 14) == 0x1122)
  }

  @Test func outOfRangeAndOverflowThrowInsteadOfTrapping() {
    var m = GuestMemory(size: 16)
    for (address, length) in [(15, 2), (16, 1), (UInt64.max, 1), (UInt64.max - 1, 8)] as [(UInt64, UInt64)] {
      #expect(!m.contains(address, length: length))
    }
    #expect(throws: VirtqueueError.self) { try m.load(UInt16.self, at: 15) }
    #expect(throws: VirtqueueError.self) { try m.store(UInt64(1), at: UInt64.max - 3) }
    #expect(throws: VirtqueueError.self) { try m.read(at: 1, count: 16) }
    #expect(m.contains(0, length: 16))
  }

  @Test func allocatorNeverOverlapsAndMerges() {
    var a = GuestAllocator(start: 0x1000, length: 0x100)
    let x = a.allocate(0x10)!
    let y = a.allocate(0x20, alignment: 16)!
    #expect(x == 0x1000 && y == 0x1010)
    #expect(a.allocate(0x1000) == nil)
    a.release(x, length: 0x10)
    a.release(y, length: 0x20)
    #expect(a.free == [.init(start: 0x1000, end: 0x1100)])
  }

  /// The inline front-of-the-list paths answer exactly as the first-fit search and the general merge: same address
  /// (or nil), same free list, over random sizes, alignments, releases and a nearly full region.
  @Test func frontFastPathsMatchTheSearchAndTheMerge() {
    var rng = SplitMix64(seed: 7)
    var fast = GuestAllocator(start: 0x10008, length: 0x2000)
    var search = fast
    var held: [(GuestAddress, UInt64)] = []
    for _ in 0..<2000 {
      if held.isEmpty || rng.next() % 3 != 0 {
        let length = rng.next() % 200
        let alignment = UInt64(1) << (rng.next() % 6)
        let a = fast.allocateFirstFit(length, alignment: alignment)
        #expect(a == search.allocate(length, alignment: alignment))
        if let a { held.append((a, length)) }
      } else {
        let (address, length) = held.remove(at: Int(rng.next() % UInt64(held.count)))
        fast.releaseBeforeFirst(address, length: length)
        search.release(address, length: length)
      }
      #expect(fast == search)
    }
  }
}
