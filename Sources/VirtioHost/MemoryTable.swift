import Glibc

/// Guest RAM as the front end described it in `SET_MEM_TABLE`: the mapped regions and the translation from the
/// front end's user virtual addresses (vring addresses) to guest-physical addresses.
public struct MemoryTable: Sendable {
  /// The mapped regions, in the order QEMU sent them.
  public let regions: [MappedRegion]

  public init(regions: [MappedRegion]) { self.regions = regions }

  /// Maps every region of a `SET_MEM_TABLE` message with its file descriptor (one per region, in order) and closes
  /// the descriptors. Throws `bad-file-descriptors` when the counts differ, `bad-address` for a region that does not
  /// fit, `system-error` when `mmap` fails; every fd is closed either way.
  public static func map(_ message: VhostUserMessage) throws(VhostUserError) -> MemoryTable {
    defer { message.fds.forEach { _ = close($0) } }
    let descriptions = try message.memoryTable()
    guard descriptions.count == message.fds.count else {
      throw VhostUserError(.badDescriptors, "SET_MEM_TABLE names \(descriptions.count) regions but carries \(message.fds.count) file descriptors")
    }
    var mapped: [MappedRegion] = []
    for (k, d) in descriptions.enumerated() {
      mapped.append(
        try MappedRegion(
          fd: message.fds[k], guestPhysicalAddress: d.guestPhysicalAddress, size: d.size, userAddress: d.userAddress,
          offset: d.mmapOffset, writable: true))
    }
    for (i, a) in mapped.enumerated() {
      for b in mapped[(i + 1)...] where a.contains(guestPhysical: b.guestPhysicalAddress, length: 1) || b.contains(guestPhysical: a.guestPhysicalAddress, length: 1) {
        throw VhostUserError(.badAddress, "regions at gpa \(hexString(a.guestPhysicalAddress)) and \(hexString(b.guestPhysicalAddress)) overlap")
      }
    }
    return MemoryTable(regions: mapped)
  }

  /// Translates a vring address from `SET_VRING_ADDR` (front-end user address) to guest-physical; throws
  /// `bad-address` when no region holds it.
  public func guestPhysical(userAddress address: UInt64, what: String) throws(VhostUserError) -> UInt64 {
    for region in regions {
      if let gpa = region.guestPhysical(userAddress: address) { return gpa }
    }
    throw VhostUserError(.badAddress, "\(what) at user address \(hexString(address)) is outside every memory region")
  }

  /// Total bytes mapped.
  public var totalSize: UInt64 { regions.reduce(0) { $0 + $1.size } }
}
