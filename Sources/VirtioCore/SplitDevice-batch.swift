extension SplitDevice {
  /// A chain the device is done with, waiting for the flush that puts it in the used ring (QEMU
  /// `VirtQueueElement` in `used_elems`).
  public struct UsedElement: Equatable, Sendable {
    /// The chain's head: `used.ring[].id`.
    public var head: UInt16
    /// Bytes written: `used.ring[].len`.
    public var length: UInt32
  }

  /// Records that the in-flight chain at `head` (nil: the oldest; with VIRTIO_F_IN_ORDER always the oldest) is done
  /// with `length` bytes written (QEMU `virtqueue_fill`). Nothing reaches the used ring until
  /// ``flush(memory:trace:)``. Returns the head, or nil when nothing is in flight.
  @discardableResult
  public mutating func fill(head: UInt16? = nil, length: UInt32) -> UInt16? {
    guard let position = inFlightPosition(features.contains(.inOrder) ? nil : head) else { return nil }
    let chosen = inFlightHeads.remove(at: position)
    resolved.release(ranges[Int(chosen)], nothingLeft: inFlightHeads.count == 0)
    filled.append(UsedElement(head: chosen, length: length))
    return chosen
  }

  /// Publishes the filled batch (QEMU `virtqueue_flush`): the used elements at `used.ring[used_idx + k]`, one write
  /// barrier, and `used.idx` moved once, by the batch size. With VIRTIO_F_IN_ORDER the device writes a single used
  /// element, `{id, len}` of the batch's last chain, at `used.ring[used_idx]` (2.7.9: "the device MAY write out a
  /// single used ring entry with the id corresponding to the head entry of the descriptor chain describing the last
  /// buffer in the batch"), and the driver frees every chain up to that one.
  public mutating func flush(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) {
    guard let last = filled.last else { return }
    let count = filled.count
    let inOrder = features.contains(.inOrder)
    let elements = inOrder ? [last] : filled
    filled.removeAll(keepingCapacity: true)
    var slots: [Int] = []
    for (k, element) in elements.enumerated() {
      let slot = layout.slot(usedIdx &+ UInt16(k))
      try memory.tracedStore(UInt32(element.head), field: .usedRingID(slot), at: layout.usedElement(slot), by: .device, trace: &trace)
      try memory.tracedStore(element.length, field: .usedRingLen(slot), at: layout.usedElement(slot) + 4, by: .device, trace: &trace)
      slots.append(slot)
    }
    trace.record(role: .device, kind: .barrier, code: .barrier(.devicePush))
    memory.releaseFence()
    let old = usedIdx
    usedIdx &+= UInt16(count)
    try memory.tracedStore(usedIdx, field: .usedIdx, at: layout.usedIdx, by: .device, trace: &trace)
    for (slot, element) in zip(slots, elements) {
      trace.record(
          role: .device, kind: .usedPushed, field: .usedIdx, value: UInt64(usedIdx), oldValue: UInt64(old),
          code: .pushed(slot: slot, id: element.head, length: element.length))
    }
    if inOrder && count > 1 {
      trace.record(
        TraceEntry(
          role: .device, kind: .note,
          detail: "in-order batch of \(count): one used element (id \(last.head), the last chain) stands for all of them; used.idx \(old) → \(usedIdx)"))
    }
  }
}
