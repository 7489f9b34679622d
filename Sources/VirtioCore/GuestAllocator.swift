/// The guest kernel's allocator for buffers and indirect tables, over a data region of guest memory.
///
/// First-fit over a sorted free list, deterministic, so that every run of a script lays buffers out at the same
/// addresses. The region never overlaps the rings, so buffers never overlap the rings or each other.
public struct GuestAllocator: Equatable, Sendable {
  /// A half-open range `[start, end)` of guest-physical addresses.
  public struct Extent: Equatable, Sendable {
    public var start: GuestAddress
    public var end: GuestAddress
    public var length: UInt64 { end - start }
  }

  /// The region this allocator hands out.
  public let region: Extent
  /// Free extents, sorted by address, never adjacent.
  public private(set) var free: [Extent]

  /// Creates an allocator over `[start, start + length)`.
  public init(start: GuestAddress, length: UInt64) {
    region = Extent(start: start, end: start + length)
    free = length > 0 ? [region] : []
  }

  /// Bytes still free.
  public var freeBytes: UInt64 { free.reduce(0) { $0 + $1.length } }

  /// Allocates `length` bytes aligned to `alignment` (a power of two), or returns nil when full.
  public mutating func allocate(_ length: UInt64, alignment: UInt64 = 8) -> GuestAddress? {
    guard length > 0, alignment > 0 else { return nil }
    for i in free.indices {
      let extent = free[i]
      let aligned = (extent.start + alignment - 1) & ~(alignment - 1)
      guard aligned >= extent.start, aligned <= extent.end, extent.end - aligned >= length else { continue }
      let end = aligned + length
      // Shrink or split the extent in place (no temporary arrays on this hot path).
      switch (aligned == extent.start, end == extent.end) {
      case (true, true): free.remove(at: i)
      case (true, false): free[i].start = end
      case (false, true): free[i].end = aligned
      case (false, false):
        free[i].end = aligned
        free.insert(Extent(start: end, end: extent.end), at: i + 1)
      }
      return aligned
    }
    return nil
  }

  /// Returns `[address, address + length)` to the free list, merging neighbours.
  public mutating func release(_ address: GuestAddress, length: UInt64) {
    guard length > 0 else { return }
    var extent = Extent(start: address, end: address + length)
    let index = free.firstIndex { $0.start > address } ?? free.count
    var insertAt = index
    if index < free.count, free[index].start == extent.end {
      extent.end = free[index].end
      free.remove(at: index)
    }
    if insertAt > 0, free[insertAt - 1].end == extent.start {
      extent.start = free[insertAt - 1].start
      free.remove(at: insertAt - 1)
      insertAt -= 1
    }
    free.insert(extent, at: insertAt)
  }
}
