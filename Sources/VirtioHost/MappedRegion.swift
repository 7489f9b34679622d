import Glibc

/// One region of guest RAM mapped into this process: QEMU's memfd (vhost-user `SET_MEM_TABLE`) or a RAM file
/// (`memory-backend-file`, a `pmemsave` dump). Unmapped when the last reference goes away, so a `GuestMemory`
/// region that names it as its owner keeps it alive.
public final class MappedRegion: @unchecked Sendable {
  /// Guest-physical address of the first byte.
  public let guestPhysicalAddress: UInt64
  /// Size in bytes.
  public let size: UInt64
  /// The front end's user virtual address of the first byte (what vring addresses are given in).
  public let userAddress: UInt64
  /// Whether the mapping may be written.
  public let writable: Bool
  /// Pointer to the region's first byte (the mapping plus `mmap_offset`).
  public let base: UnsafeMutableRawPointer
  private let mapping: UnsafeMutableRawPointer
  private let mappingLength: Int

  /// Maps `size` bytes at `offset` of `fd` (the fd may be closed afterwards). Throws `bad-address` when the
  /// numbers overflow or are empty, `system-error` when `mmap` fails.
  public init(fd: Int32, guestPhysicalAddress: UInt64, size: UInt64, userAddress: UInt64, offset: UInt64, writable: Bool)
    throws(VhostUserError)
  {
    let (total, overflow) = offset.addingReportingOverflow(size)
    guard size > 0, !overflow, let length = Int(exactly: total), !guestPhysicalAddress.addingReportingOverflow(size).overflow,
      !userAddress.addingReportingOverflow(size).overflow
    else {
      throw VhostUserError(.badAddress, "region gpa \(hexString(guestPhysicalAddress)) size \(hexString(size)) offset \(hexString(offset)) does not fit in 64 bits")
    }
    let protection = writable ? PROT_READ | PROT_WRITE : PROT_READ
    guard let pointer = mmap(nil, length, protection, MAP_SHARED, fd, 0), pointer != UnsafeMutableRawPointer(bitPattern: -1) else {
      throw UnixSocket.systemError("mmap of \(length) bytes")
    }
    mapping = pointer
    mappingLength = length
    base = pointer + Int(offset)
    self.guestPhysicalAddress = guestPhysicalAddress
    self.size = size
    self.userAddress = userAddress
    self.writable = writable
  }

  /// Maps a whole RAM file read-only (or read-write) at guest-physical address 0, as the `pc` machine lays out
  /// RAM below 3 GiB (a `memory-backend-file` or a `pmemsave` dump).
  public static func file(path: String, writable: Bool = false) throws(VhostUserError) -> MappedRegion {
    let fd = open(path, writable ? O_RDWR : O_RDONLY)
    guard fd >= 0 else { throw UnixSocket.systemError("open \(path)") }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0 else { throw UnixSocket.systemError("stat \(path)") }
    guard status.st_size > 0 else { throw VhostUserError(.badAddress, "\(path) is empty") }
    return try MappedRegion(fd: fd, guestPhysicalAddress: 0, size: UInt64(status.st_size), userAddress: 0, offset: 0, writable: writable)
  }

  deinit { munmap(mapping, mappingLength) }

  /// Whether the guest-physical range lies inside this region.
  public func contains(guestPhysical address: UInt64, length: UInt64) -> Bool {
    guard address >= guestPhysicalAddress else { return false }
    let (end, overflow) = (address - guestPhysicalAddress).addingReportingOverflow(length)
    return !overflow && end <= size
  }

  /// The guest-physical address of a front-end user address inside this region, or nil.
  public func guestPhysical(userAddress address: UInt64) -> UInt64? {
    guard address >= userAddress, address - userAddress < size else { return nil }
    return guestPhysicalAddress + (address - userAddress)
  }
}

/// `0x1f00`.
func hexString<T: BinaryInteger>(_ value: T) -> String { "0x" + String(value, radix: 16) }
