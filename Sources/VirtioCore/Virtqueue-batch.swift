extension Virtqueue {
  // MARK: - Device: a batch (QEMU virtqueue_fill … virtqueue_flush)

  /// The device writes `data` (nil: a pattern of `length` bytes) into the writable buffers of the in-flight chain at
  /// `head` (nil: the oldest) and records it as used, without touching the used ring yet (QEMU `virtqueue_fill`).
  /// Returns the head, or nil when nothing is in flight. ``flush()`` publishes the batch.
  @discardableResult
  public mutating func fill(length: UInt32, data: [UInt8]? = nil, head: UInt16? = nil) throws(VirtqueueError) -> UInt16? {
    if device.isBroken { return nil }
    return try deviceAction { (q: inout Virtqueue) throws(VirtqueueError) -> UInt16? in
      let inOrder = q.device.features.contains(.inOrder)
      guard let position = Self.chosen(inOrder ? nil : head, in: q.device) else { return nil }
      let chosen = q.device.inFlightHeads[position]
      let bytes = data ?? Self.pattern(count: Int(min(UInt64(length), q.device.length(of: chosen, writable: true))), seed: chosen)
      try q.device.writeWritable(bytes, head: chosen, memory: &q.memory, trace: &q.trace)
      let filled = q.device.fill(head: chosen, length: length)
      q.counters.chainsPushed += 1
      return filled
    }
  }

  /// The device publishes every filled chain at once: used elements, one write barrier, `used.idx` moved once (QEMU
  /// `virtqueue_flush`; with VIRTIO_F_IN_ORDER one used element for the batch). See ``SplitDevice/flush(memory:trace:)``.
  public mutating func flush() throws(VirtqueueError) {
    if device.isBroken { return }
    try deviceAction { (q: inout Virtqueue) throws(VirtqueueError) in
      try q.device.flush(memory: &q.memory, trace: &q.trace)
    }
  }
}
