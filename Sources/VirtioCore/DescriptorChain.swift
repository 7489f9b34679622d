/// A chain of buffers the device took from the available ring, validated and resolved (indirect tables followed).
public struct DescriptorChain: Equatable, Hashable, Sendable {
  /// One buffer of the chain.
  public struct Buffer: Equatable, Hashable, Sendable {
    /// Guest-physical address of the buffer.
    public var address: GuestAddress
    /// Length in bytes.
    public var length: UInt32
    /// Device-writable (WRITE set) or device-readable.
    public var isWritable: Bool
    /// The descriptor this buffer came from (`desc[i]` or an indirect table entry).
    public var source: RingField

    public init(address: GuestAddress, length: UInt32, isWritable: Bool, source: RingField) {
      self.address = address
      self.length = length
      self.isWritable = isWritable
      self.source = source
    }
  }

  /// The head descriptor index, which the device returns as `used.ring[].id`.
  public var head: UInt16
  /// The buffers in chain order: device-readable first, then device-writable.
  public var buffers: [Buffer]
  /// Descriptor-table indices the chain occupies, in order (the head alone when it uses an indirect table).
  public var descriptorIndices: [Int] {
    if indirectTable != nil { return [Int(head)] }
    return buffers.compactMap { buffer in
      if case .descriptor(let i, _) = buffer.source { return i }
      return nil
    }
  }
  /// The indirect table the chain used, if any.
  public var indirectTable: IndirectTable?

  /// An indirect descriptor table: where it is and how many entries it holds (`len / 16`).
  public struct IndirectTable: Equatable, Hashable, Sendable {
    public var address: GuestAddress
    public var count: Int
    public init(address: GuestAddress, count: Int) {
      self.address = address
      self.count = count
    }
  }

  public init(head: UInt16, buffers: [Buffer] = []) {
    self.head = head
    self.buffers = buffers
  }

  /// Total bytes the device may read.
  public var readableLength: UInt64 { length(writable: false) }
  /// Total bytes the device may write.
  public var writableLength: UInt64 { length(writable: true) }

  private func length(writable: Bool) -> UInt64 {
    var total: UInt64 = 0
    for buffer in buffers where buffer.isWritable == writable { total &+= UInt64(buffer.length) }
    return total
  }
}
