/// One contiguous piece of guest RAM: where it sits in guest-physical address space and where its bytes are.
///
/// A live guest hands its RAM over as several such regions (vhost-user `SET_MEM_TABLE`: guest-physical start,
/// size, and a file descriptor the back end maps); lessons and tests use one region of bytes the engine owns.
/// `owner` keeps whatever holds the mapping alive (an `mmap` wrapper, say) for as long as the memory uses it.
public struct GuestMemoryRegion: @unchecked Sendable {
  /// The first guest-physical address of the region.
  public let guestPhysicalAddress: GuestAddress
  /// The region's length in bytes.
  public let size: UInt64
  /// Where the region's first byte is in this process.
  public let base: UnsafeMutableRawPointer
  /// Whether the engine may write the region (a memory dump opened for inspection is read-only).
  public let isWritable: Bool
  /// Keeps the mapping alive while the memory refers to it.
  public let owner: AnyObject?

  public init(guestPhysicalAddress: GuestAddress, size: UInt64, base: UnsafeMutableRawPointer, writable: Bool, owner: AnyObject?) {
    self.guestPhysicalAddress = guestPhysicalAddress
    self.size = size
    self.base = base
    self.isWritable = writable
    self.owner = owner
  }

  /// One past the region's last guest-physical address (saturating, so a region at the top of the space is fine).
  public var end: GuestAddress {
    let (end, overflow) = guestPhysicalAddress.addingReportingOverflow(size)
    return overflow ? .max : end
  }

  /// Whether `[address, address + length)` lies inside this region.
  func contains(_ address: GuestAddress, length: UInt64) -> Bool {
    let offset = address &- guestPhysicalAddress
    return address >= guestPhysicalAddress && offset <= size && length <= size - offset
  }
}
