extension SplitDriver {
  /// Takes back the next used chain under VIRTIO_F_IN_ORDER (Linux `virtqueue_get_buf_ctx_split_in_order`).
  ///
  /// The device returns chains in the order they were made available, and may return a whole batch with one used
  /// element carrying the id of the batch's last chain (2.7.9 In-order use of descriptors). So when no batch is
  /// pending the driver reads `used.idx`, a read barrier, then `used.ring[last_used_idx % N]` and remembers it as
  /// `batch_last`; each call then frees the oldest outstanding chain, and the batch ends with the chain whose head
  /// is `batch_last.id` (which gets the element's `len`; the chains before it report their writable length, as
  /// Linux's `total_len`). `last_used_idx` moves by one per chain, as the device moved `used.idx` by the batch size.
  ///
  /// - Throws: `used-id-out-of-range` or `used-id-not-head` when the element's id is not a chain the driver has
  ///   outstanding (the driver then marks the queue broken, as Linux's `BAD_RING` does).
  mutating func reclaimInOrder(memory: inout GuestMemory, trace: inout Trace, collectWritten: Bool)
    throws(VirtqueueError) -> UsedBuffer?
  {
    if batchLast == nil {
      guard let (slot, id, length) = try readUsedElement(memory: &memory, trace: &trace) else { return nil }
      batchLast = BatchLast(id: id, length: length)
      if id != nextUsedHead {
        trace.record(
          TraceEntry(
            role: .driver, kind: .note,
            detail: "in-order batch: used.ring[\(slot)] = {id \(id), len \(length)} also returns every chain before it, oldest first from head \(nextUsedHead)"))
      }
    }
    let head = nextUsedHead
    guard state[Int(head)].isOutstanding else {
      markBroken()
      throw VirtqueueError(.usedIDNotHead, "id \(head) is not a head! (in-order batch reaches desc[\(head)], where no chain starts)")
    }
    let length: UInt32
    if batchLast?.id == head {
      length = batchLast!.length
      batchLast = nil
    } else {
      length = UInt32(clamping: record(of: head).buffers.filter(\.isWritable).reduce(UInt64(0)) { $0 + UInt64($1.length) })
    }
    return try finishReclaim(head: head, length: length, collectWritten: collectWritten, memory: &memory, trace: &trace)
  }
}
