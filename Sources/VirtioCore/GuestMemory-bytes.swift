extension GuestMemory {
  // MARK: - Byte ranges

  /// Reads `count` bytes at `address`.
  public func read(at address: GuestAddress, count: Int) throws(VirtqueueError) -> [UInt8] {
    var bytes: [UInt8] = []
    try append(from: address, count: count, to: &bytes)
    return bytes
  }

  /// Appends `count` bytes at `address` to `output` (one copy, no temporary array).
  public func append(from address: GuestAddress, count: Int, to output: inout [UInt8]) throws(VirtqueueError) {
    let n = max(0, count)
    guard let p = pointer(address, UInt64(n)) else { throw outOfRange(address, UInt64(n), "read") }
    output.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n))
  }

  /// Writes `count` bytes of `data` starting at `offset` to `address` (no temporary array).
  public mutating func write(_ data: [UInt8], from offset: Int, count: Int, at address: GuestAddress) throws(VirtqueueError) {
    let p = try writablePointer(address, UInt64(max(0, count)))
    guard count > 0, offset >= 0, offset <= data.count, count <= data.count - offset else { return }
    data.withUnsafeBytes { source in
      if backing.journal != nil { journal(address, count, at: p, new: source.baseAddress! + offset) }
      p.copyMemory(from: source.baseAddress! + offset, byteCount: count)
    }
  }

  /// Writes `data` at `address`.
  public mutating func write(_ data: [UInt8], at address: GuestAddress) throws(VirtqueueError) {
    try write(data, from: 0, count: data.count, at: address)
  }

  /// Sets `count` bytes at `address` to `value`.
  public mutating func fill(_ value: UInt8, at address: GuestAddress, count: Int) throws(VirtqueueError) {
    let p = try writablePointer(address, UInt64(max(0, count)))
    guard count > 0 else { return }
    if backing.journal != nil {
      let new = [UInt8](repeating: value, count: count)
      new.withUnsafeBytes { journal(address, count, at: p, new: $0.baseAddress!) }
    }
    p.initializeMemory(as: UInt8.self, repeating: value, count: count)
  }
}
