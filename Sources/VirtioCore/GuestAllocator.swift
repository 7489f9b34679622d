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

  /// ``allocate(_:alignment:)`` with its most common answer inline: the first free extent starts aligned and has more
  /// than `length` bytes, so the block is its first bytes (exactly what first-fit picks; any other case goes through
  /// the general search).
  @inline(__always) mutating func allocateFirstFit(_ length: UInt64, alignment: UInt64) -> GuestAddress? {
    if length > 0, alignment > 0, let first = free.first, first.start & (alignment &- 1) == 0, first.end - first.start > length {
      free[0].start = first.start + length
      return first.start
    }
    return allocate(length, alignment: alignment)
  }

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

  /// ``release(_:length:)`` with its most common case inline: the block ends where the first free extent starts (the
  /// chain just reclaimed was the last one allocated), so that extent grows down over it, as the general merge does.
  @inline(__always) mutating func releaseBeforeFirst(_ address: GuestAddress, length: UInt64) {
    if length > 0, let first = free.first, case let (end, false) = address.addingReportingOverflow(length), end == first.start {
      free[0].start = address
      return
    }
    release(address, length: length)
  }

  /// Returns `[address, address + length)` to the free list, merging neighbours. A block that touches a free
  /// neighbour grows that extent in place (the common case: the block just allocated goes back), so the list is
  /// only reshaped when a new hole opens or two extents join.
  public mutating func release(_ address: GuestAddress, length: UInt64) {
    guard length > 0 else { return }
    let end = address + length
    // The first extent after the block (free extents never overlap, so this is where it belongs).
    var index = 0
    while index < free.count, free[index].start <= address { index += 1 }
    let joinsNext = index < free.count && free[index].start == end
    let joinsPrevious = index > 0 && free[index - 1].end == address
    switch (joinsPrevious, joinsNext) {
    case (true, true):
      free[index - 1].end = free[index].end
      free.remove(at: index)
    case (true, false): free[index - 1].end = end
    case (false, true): free[index].start = address
    case (false, false): free.insert(Extent(start: address, end: end), at: index)
    }
  }
}
