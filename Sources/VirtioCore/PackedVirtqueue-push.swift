extension PackedVirtqueue {
  // MARK: - Device: returning buffers (QEMU virtqueue_packed_fill + virtqueue_packed_flush)

  /// The device writes `data` (nil: a byte pattern of `length`) into the oldest chain in flight (or the one with
  /// Buffer ID `id`) and returns it through the ring. Returns nil when nothing is in flight.
  @discardableResult
  public mutating func push(length: UInt32, data: [UInt8]? = nil, id: UInt16? = nil) throws(VirtqueueError) -> DescriptorChain? {
    if device.isBroken { return nil }
    guard let position = chosen(id) else { return nil }
    let chain = device.element(device.held[position]).chain
    return try pushID(length: length, data: data, id: id) == nil ? nil : chain
  }

  /// ``push(length:data:id:)`` returning only the Buffer ID that went into the ring.
  @discardableResult
  public mutating func pushID(length: UInt32, data: [UInt8]? = nil, id: UInt16? = nil) throws(VirtqueueError) -> UInt16? {
    if device.isBroken { return nil }
    return try act(.device) { (q: inout PackedVirtqueue) throws(VirtqueueError) -> UInt16? in
      // The chain is reached by its position in `inFlight`, never copied out (a copy retains its buffer array).
      guard let position = q.chosen(id) else { return nil }
      if let data {
        try q.device.writeWritable(data, at: position, memory: &q.memory, trace: &q.trace)
      } else {
        let chain = q.device.element(q.device.held[position]).chain
        let count = Int(min(UInt64(length), chain.writableLength))
        try q.device.writeWritable(Virtqueue.pattern(count: count, seed: chain.head), at: position, memory: &q.memory, trace: &q.trace)
      }
      // With VIRTIO_F_IN_ORDER the device returns its oldest chain, whichever one was written. For the oldest chain
      // (position 0) the search would stop at 0 either way, so it is skipped.
      guard let returned = position == 0 ? 0 : q.device.inFlightPosition(id: q.device.held[position].id) else { return nil }
      let pushed = try q.device.push(at: returned, length: length, memory: &q.memory, trace: &q.trace)
      q.counters.chainsPushed += 1
      return pushed
    }
  }

  /// The chain a push means: the one with Buffer ID `id` if it is in flight, else the oldest.
  // `mutating` so that calling it on the `inout` queue does not copy the queue.
  @inline(__always) mutating func chosen(_ id: UInt16?) -> Int? {
    if let id, let position = device.held.firstIndex(where: { $0.id == id }) { return position }
    return device.held.isEmpty ? nil : 0
  }
}
