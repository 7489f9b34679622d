/// A guest-physical address.
public typealias GuestAddress = UInt64

/// Guest RAM as one flat byte array starting at guest-physical address 0.
///
/// Multi-byte fields are little-endian, as VIRTIO 1.x requires (2.4 "Structure Size and Alignment":
/// "le16/le32/le64"). Every access is range-checked, including 64-bit overflow of `address + length`, and a bad
/// range throws ``VirtqueueError/Kind/addressOutOfRange`` instead of trapping. The rings reach memory only through
/// these accessors, so the backing could become several regions without the rings noticing.
public struct GuestMemory: Equatable, Sendable {
  /// The raw bytes; the index is the guest-physical address.
  public var bytes: [UInt8] { storage }
  @usableFromInline var storage: [UInt8]

  /// Creates zeroed guest memory of `size` bytes.
  public init(size: Int) {
    storage = [UInt8](repeating: 0, count: max(0, size))
  }

  /// The number of bytes of guest memory.
  @inlinable public var size: Int { storage.count }

  /// Whether `[address, address + length)` lies inside guest memory (no overflow, no wrap).
  @inlinable public func contains(_ address: GuestAddress, length: UInt64) -> Bool {
    let (end, overflow) = address.addingReportingOverflow(length)
    return !overflow && end <= UInt64(storage.count)
  }

  /// Throws `address-out-of-range` unless `[address, address + length)` lies inside guest memory.
  @inlinable public func checkRange(_ address: GuestAddress, length: UInt64, what: @autoclosure () -> String)
    throws(VirtqueueError)
  {
    guard contains(address, length: length) else {
      throw VirtqueueError(
        .addressOutOfRange,
        "\(what()) at 0x\(String(address, radix: 16)) length \(length) is outside guest memory (0x0–0x\(String(storage.count, radix: 16)))")
    }
  }

  /// Reads a little-endian integer at `address`.
  @inlinable @inline(__always) public func load<T: FixedWidthInteger & UnsignedInteger>(_: T.Type = T.self, at address: GuestAddress)
    throws(VirtqueueError) -> T
  {
    try checkRange(address, length: UInt64(MemoryLayout<T>.size), what: "read")
    return unsafeLoad(T.self, at: Int(address))
  }

  /// Writes a little-endian integer at `address`.
  @inlinable @inline(__always) public mutating func store<T: FixedWidthInteger & UnsignedInteger>(_ value: T, at address: GuestAddress)
    throws(VirtqueueError)
  {
    try checkRange(address, length: UInt64(MemoryLayout<T>.size), what: "write")
    unsafeStore(value, at: Int(address))
  }

  /// Reads `count` bytes at `address`.
  public func read(at address: GuestAddress, count: Int) throws(VirtqueueError) -> [UInt8] {
    try checkRange(address, length: UInt64(max(0, count)), what: "read")
    let start = Int(address)
    return Array(storage[start..<start + max(0, count)])
  }

  /// Appends `count` bytes at `address` to `output` (one copy, no temporary array).
  public func append(from address: GuestAddress, count: Int, to output: inout [UInt8]) throws(VirtqueueError) {
    try checkRange(address, length: UInt64(max(0, count)), what: "read")
    let start = Int(address)
    storage.withUnsafeBytes { output.append(contentsOf: $0[start..<start + max(0, count)]) }
  }

  /// Writes `count` bytes of `data` starting at `offset` to `address` (no temporary array).
  public mutating func write(_ data: [UInt8], from offset: Int, count: Int, at address: GuestAddress) throws(VirtqueueError) {
    try checkRange(address, length: UInt64(max(0, count)), what: "write")
    guard count > 0, offset >= 0, offset + count <= data.count else { return }
    let start = Int(address)
    storage.withUnsafeMutableBytes { target in
      data.withUnsafeBytes { source in
        target.baseAddress!.advanced(by: start).copyMemory(from: source.baseAddress!.advanced(by: offset), byteCount: count)
      }
    }
  }

  /// Writes `data` at `address`.
  public mutating func write(_ data: [UInt8], at address: GuestAddress) throws(VirtqueueError) {
    try checkRange(address, length: UInt64(data.count), what: "write")
    guard !data.isEmpty else { return }
    let start = Int(address)
    storage.withUnsafeMutableBytes { target in
      data.withUnsafeBytes { source in
        target.baseAddress!.advanced(by: start).copyMemory(from: source.baseAddress!, byteCount: source.count)
      }
    }
  }

  /// Sets `count` bytes at `address` to `value`.
  public mutating func fill(_ value: UInt8, at address: GuestAddress, count: Int) throws(VirtqueueError) {
    try checkRange(address, length: UInt64(max(0, count)), what: "write")
    let start = Int(address)
    for i in start..<start + max(0, count) { storage[i] = value }
  }

  @inlinable @inline(__always) func unsafeLoad<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
    storage.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
  }

  @inlinable @inline(__always) mutating func unsafeStore<T: FixedWidthInteger>(_ value: T, at offset: Int) {
    storage.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self) }
  }
}
