/// Guest memory as it was at one point of its write log: what the TUI shows for an earlier step or event.
///
/// Reading undoes, on the fly, every write recorded after the view's position, so an earlier state costs no copy
/// of memory; the view stays exact even while later writes happen.
public struct GuestMemoryView: Sendable {
  /// The memory.
  public let memory: GuestMemory
  /// The point in the memory's write log.
  public let position: Int

  /// The number of bytes from address 0 to the end of the highest region.
  public var size: Int { memory.size }

  /// Reads `count` bytes at `address` as they were at ``position``.
  public func read(at address: GuestAddress, count: Int) throws(VirtqueueError) -> [UInt8] {
    guard let bytes = memory.bytes(at: address, count: count, asOf: position) else {
      throw memory.outOfRange(address, UInt64(max(0, count)), "read")
    }
    return bytes
  }

  /// Reads a little-endian integer at `address` as it was at ``position``.
  public func load<T: FixedWidthInteger & UnsignedInteger>(_: T.Type = T.self, at address: GuestAddress) throws(VirtqueueError) -> T {
    let bytes = try read(at: address, count: MemoryLayout<T>.size)
    var value: T = 0
    for (i, byte) in bytes.enumerated() { value |= T(byte) << (8 * i) }
    return value
  }

  /// Whether `[address, address + length)` lies inside guest memory.
  public func contains(_ address: GuestAddress, length: UInt64) -> Bool { memory.contains(address, length: length) }
}
