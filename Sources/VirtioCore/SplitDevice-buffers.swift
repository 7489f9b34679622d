extension SplitDevice {
  // MARK: - Using buffers

  /// Reads the device-readable buffers of `chain`, in order.
  public func readReadable(of chain: DescriptorChain, memory: GuestMemory, trace: inout Trace) throws(VirtqueueError) -> [UInt8] {
    var bytes: [UInt8] = []
    try readReadable(of: chain, into: &bytes, memory: memory, trace: &trace)
    return bytes
  }

  /// Appends the device-readable buffers of `chain` to `bytes`, in order.
  public func readReadable(of chain: DescriptorChain, into bytes: inout [UInt8], memory: GuestMemory, trace: inout Trace)
    throws(VirtqueueError)
  {
    bytes.reserveCapacity(bytes.count + Int(clamping: chain.readableLength))
    for buffer in chain.buffers where !buffer.isWritable { try read(buffer, into: &bytes, memory: memory, trace: &trace) }
  }

  /// Appends the device-readable buffers of the chain in flight at `head` to `bytes`, in order.
  public func readReadable(head: UInt16, into bytes: inout [UInt8], memory: GuestMemory, trace: inout Trace)
    throws(VirtqueueError)
  {
    let range = ranges[Int(head)]
    bytes.reserveCapacity(bytes.count + Int(clamping: length(of: head, writable: false)))
    for i in range.start..<range.start + range.count where !resolved[i].isWritable {
      try read(resolved[i], into: &bytes, memory: memory, trace: &trace)
    }
  }

  /// Replaces `bytes` with the device-readable buffers of the chain in flight at `head`, in order: the array is
  /// sized once (keeping its storage) and each buffer is one copy into it. On an error `bytes` holds the buffers
  /// read before it, as with ``readReadable(head:into:memory:trace:)``.
  @inline(__always) func readReadable(head: UInt16, replacing bytes: inout [UInt8], memory: GuestMemory, trace: inout Trace)
    throws(VirtqueueError)
  {
    let range = ranges[Int(head)]
    let total = Int(clamping: length(of: head, writable: false))
    if bytes.count > total {
      bytes.removeLast(bytes.count - total)
    } else if bytes.count < total {
      bytes.append(contentsOf: repeatElement(0, count: total - bytes.count))
    }
    var offset = 0
    do throws(VirtqueueError) {
      for i in range.start..<range.start + range.count where !resolved[i].isWritable {
        let buffer = resolved[i]
        let n = Int(buffer.length)
        let at = offset
        guard let source = memory.pointer(buffer.address, UInt64(n)) else {
          throw memory.outOfRange(buffer.address, UInt64(n), "read")
        }
        if n > 0 { bytes.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: at).copyMemory(from: source, byteCount: n) } }
        offset += n
        trace.record(
            role: .device, kind: .read, field: .buffer(buffer.address, length: n), address: buffer.address, length: n,
            code: .bufferRead)
      }
    } catch {
      bytes.removeLast(bytes.count - offset)
      throw error
    }
  }

  private func read(_ buffer: DescriptorChain.Buffer, into bytes: inout [UInt8], memory: GuestMemory, trace: inout Trace)
    throws(VirtqueueError)
  {
    try memory.append(from: buffer.address, count: Int(buffer.length), to: &bytes)
    trace.record(
        role: .device, kind: .read, field: .buffer(buffer.address, length: Int(buffer.length)), address: buffer.address,
        length: Int(buffer.length), code: .bufferRead)
  }

  /// Writes `data` across the device-writable buffers of `chain`, in order; returns the bytes written.
  @discardableResult
  public func writeWritable(_ data: [UInt8], into chain: DescriptorChain, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> Int
  {
    var offset = 0
    for buffer in chain.buffers where buffer.isWritable && offset < data.count {
      offset += try write(data, from: offset, into: buffer, memory: &memory, trace: &trace)
    }
    return offset
  }

  /// Writes `data` across the device-writable buffers of the chain in flight at `head`; returns the bytes written.
  @discardableResult
  @inline(__always) public func writeWritable(_ data: [UInt8], head: UInt16, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> Int
  {
    let range = ranges[Int(head)]
    var offset = 0
    for i in range.start..<range.start + range.count where resolved[i].isWritable && offset < data.count {
      offset += try write(data, from: offset, into: resolved[i], memory: &memory, trace: &trace)
    }
    return offset
  }

  private func write(
    _ data: [UInt8], from offset: Int, into buffer: DescriptorChain.Buffer, memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) -> Int {
    let n = min(Int(buffer.length), data.count - offset)
    try memory.write(data, from: offset, count: n, at: buffer.address)
    trace.record(
        role: .device, kind: .write, field: .buffer(buffer.address, length: n), address: buffer.address, length: n,
        code: .bufferWritten, data: offset == 0 && n == data.count ? data : Array(data[offset..<offset + n]))
    return n
  }

  // MARK: - Returning buffers (2.7.8 The Virtqueue Used Ring)

  /// Returns an in-flight chain: writes `used.ring[used_idx % N]` = {id, len}, a write barrier, then `used.idx`.
  /// With `head == nil` the oldest chain in flight is returned.
  public mutating func push(head: UInt16? = nil, length: UInt32, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> DescriptorChain?
  {
    guard let position = inFlightPosition(head) else { return nil }
    let chain = chain(head: inFlightHeads[position])
    _ = try pushHead(at: position, length: length, memory: &memory, trace: &trace)
    return chain
  }

  /// ``push(head:length:memory:trace:)`` returning only the head.
  public mutating func pushHead(_ head: UInt16? = nil, length: UInt32, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> UInt16?
  {
    guard let position = inFlightPosition(head) else { return nil }
    return try pushHead(at: position, length: length, memory: &memory, trace: &trace)
  }

  /// The chain a push means: `head` if it is in flight, else the oldest (nil: nothing in flight).
  func chosenPosition(_ head: UInt16?) -> Int? {
    if let head, let position = inFlightHeads.position(of: head) { return position }
    return inFlightHeads.count > 0 ? 0 : nil
  }

  /// Where `head` (nil: the oldest) is among the chains in flight.
  func inFlightPosition(_ head: UInt16?) -> Int? {
    guard let head else { return inFlightHeads.count > 0 ? 0 : nil }
    return inFlightHeads.position(of: head)
  }

  /// Pushes the chain at `position` among those in flight.
  @inline(__always) mutating func pushHead(at position: Int, length: UInt32, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError) -> UInt16
  {
    let head = inFlightHeads.remove(at: position)
    resolved.release(ranges[Int(head)], nothingLeft: inFlightHeads.count == 0)
    let slot = layout.slot(usedIdx)
    if !trace.isEnabled, let view = memory.splitRing(layout) {
      // The common case, untraced: the same stores in the same order through one view of the ring.
      view.setUsedElement(id: UInt32(head), length: length, at: slot)
      memory.releaseFence()
      usedIdx &+= 1
      view.usedIdx = usedIdx
      return head
    }
    try writeUsedTraced(head: head, length: length, slot: slot, memory: &memory, trace: &trace)
    return head
  }

  /// ``pushHead(at:length:memory:trace:)``'s used-ring stores, traced or through the checked accessors (out of line).
  @inline(never) mutating func writeUsedTraced(
    head: UInt16, length: UInt32, slot: Int, memory: inout GuestMemory, trace: inout Trace
  ) throws(VirtqueueError) {
    let ring = memory.holdsRing(layout)
    try memory.tracedStore(UInt32(head), field: .usedRingID(slot), at: layout.usedElement(slot), by: .device, trace: &trace, ring: ring)
    try memory.tracedStore(length, field: .usedRingLen(slot), at: layout.usedElement(slot) + 4, by: .device, trace: &trace, ring: ring)
    trace.record(role: .device, kind: .barrier, code: .barrier(.devicePush))
    memory.releaseFence()
    let old = usedIdx
    usedIdx &+= 1
    try memory.tracedStore(usedIdx, field: .usedIdx, at: layout.usedIdx, by: .device, trace: &trace, ring: ring)
    trace.record(
        role: .device, kind: .usedPushed, field: .usedIdx, value: UInt64(usedIdx), oldValue: UInt64(old),
        code: .pushed(slot: slot, id: head, length: length))
  }
}
