import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The storage behind ``GuestMemory``: a table of regions, and for owned memory the allocation itself.
///
/// Three kinds, one interface (like rust-vmm's `vm-memory`): bytes the engine owns (lessons, tests), a table of
/// regions mapped from a live guest (vhost-user), and a read-only image of a dump or RAM file (inspection).
final class GuestMemoryBacking: @unchecked Sendable {
  /// What kind of memory this is.
  enum Kind: Equatable, Sendable {
    /// Zeroed bytes the engine allocated and frees.
    case owned
    /// Regions of a live guest's RAM, shared with another process: fences are real.
    case mapped
    /// A read-only copy of memory (a dump or a RAM file), for inspection.
    case image
  }

  let kind: Kind
  /// The regions, sorted by guest-physical address, never overlapping.
  let regions: [GuestMemoryRegion]
  /// The write log, once journaling started (lessons and the TUI; never on the benchmark's or a live guest's path
  /// unless asked for).
  @exclusivity(unchecked) var journal: WriteJournal?
  /// The allocation of owned or image memory (freed on deinit).
  private let allocation: UnsafeMutableRawPointer?

  /// Zeroed memory of `size` bytes at guest-physical address 0.
  init(ownedSize size: Int) {
    let count = max(0, size)
    // calloc: the kernel hands out zero pages lazily, so a large, mostly untouched RAM costs little.
    let pointer = calloc(max(1, count), 1)!
    allocation = pointer
    kind = .owned
    regions = [GuestMemoryRegion(guestPhysicalAddress: 0, size: UInt64(count), base: pointer, writable: true, owner: nil)]
  }

  /// A read-only image of `bytes` starting at `base`.
  init(image bytes: [UInt8], base: GuestAddress) {
    let pointer = malloc(max(1, bytes.count))!
    bytes.withUnsafeBytes { source in
      if let from = source.baseAddress { pointer.copyMemory(from: from, byteCount: bytes.count) }
    }
    allocation = pointer
    kind = .image
    regions = [GuestMemoryRegion(guestPhysicalAddress: base, size: UInt64(bytes.count), base: pointer, writable: false, owner: nil)]
  }

  /// Regions mapped by someone else; they must not overlap.
  init(mapped regions: [GuestMemoryRegion]) throws(VirtqueueError) {
    let sorted = regions.sorted { $0.guestPhysicalAddress < $1.guestPhysicalAddress }
    for (a, b) in zip(sorted, sorted.dropFirst()) where a.end > b.guestPhysicalAddress {
      throw VirtqueueError(
        .addressOutOfRange,
        "memory regions overlap: \(hex(a.guestPhysicalAddress))+\(hex(a.size)) and \(hex(b.guestPhysicalAddress))+\(hex(b.size))")
    }
    allocation = nil
    kind = .mapped
    self.regions = sorted
  }

  deinit { free(allocation) }

  /// The region holding all of `[address, address + length)`, if one does (a range that straddles two regions is
  /// not contiguous in this process and is refused, as vhost's translation refuses it).
  func region(containing address: GuestAddress, length: UInt64) -> GuestMemoryRegion? {
    var low = 0
    var high = regions.count
    while low < high {
      let mid = (low + high) / 2
      if regions[mid].end <= address { low = mid + 1 } else { high = mid }
    }
    guard low < regions.count, regions[low].contains(address, length: length) else { return nil }
    return regions[low]
  }
}
