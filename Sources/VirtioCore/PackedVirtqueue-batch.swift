extension PackedVirtqueue {
  // MARK: - Device: a batch (QEMU virtqueue_packed_fill … virtqueue_packed_flush)

  /// The device writes `data` (nil: a pattern of `length` bytes) into the writable buffers of the in-flight chain
  /// with Buffer ID `id` (nil: the oldest) and records it as used, without touching the ring yet (QEMU
  /// `virtqueue_fill`). Returns the chain, or nil when nothing is in flight. ``flush()`` publishes the batch.
  @discardableResult
  public mutating func fill(length: UInt32, data: [UInt8]? = nil, id: UInt16? = nil) throws(VirtqueueError) -> DescriptorChain? {
    if device.isBroken { return nil }
    return try act(.device) { (q: inout PackedVirtqueue) throws(VirtqueueError) -> DescriptorChain? in
      let inOrder = q.device.features.contains(.inOrder)
      let wanted = inOrder ? nil : id
      guard let chain = wanted.flatMap({ i in q.device.inFlight.first { $0.chain.head == i }?.chain }) ?? q.device.oldestInFlight else {
        return nil
      }
      let bytes = data ?? Virtqueue.pattern(count: Int(min(UInt64(length), chain.writableLength)), seed: chain.head)
      try q.device.writeWritable(bytes, into: chain, memory: &q.memory, trace: &q.trace)
      let filled = q.device.fill(id: chain.head, length: length)
      q.counters.chainsPushed += 1
      return filled
    }
  }

  /// The device publishes every filled chain at once (QEMU `virtqueue_packed_flush`): the batch's first used
  /// descriptor is written last, after a write barrier. See ``PackedDevice/flush(memory:trace:)``.
  public mutating func flush() throws(VirtqueueError) {
    if device.isBroken { return }
    try act(.device) { (q: inout PackedVirtqueue) throws(VirtqueueError) in
      try q.device.flush(memory: &q.memory, trace: &q.trace)
    }
  }
}
