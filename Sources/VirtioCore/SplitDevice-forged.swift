extension SplitDevice {
  /// Total bytes the device may write into the chain in flight at `head` (0 when `head` is not in flight).
  public func writableLength(head: UInt16) -> UInt64 {
    guard inFlightHeads.position(of: head) != nil else { return 0 }
    return length(of: head, writable: true)
  }

  /// A device that breaks the used-ring rules on purpose (the fault run of a real guest, `guest --fault`): writes
  /// `used.ring[used_idx % N]` = {`id`, `length`} with an id of the caller's choosing, a write barrier, then
  /// `used.idx` + 1 (2.7.8), and advances the device's own `used_idx` with it, so the engine's indices stay what
  /// guest memory says. Each write is traced as a ``TraceKind/poke`` of a device-owned field, the entry a script's
  /// `poke FIELD=VALUE` makes, so a recording replays it as pokes and the live view and the replay show the same
  /// lines. No chain is returned: the chains in flight stay in flight (the device lied about them).
  public mutating func pushForged(id: UInt32, length: UInt32, memory: inout GuestMemory, trace: inout Trace)
    throws(VirtqueueError)
  {
    let slot = layout.slot(usedIdx)
    try memory.tracedPoke(id, field: .usedRingID(slot), at: layout.usedElement(slot), trace: &trace)
    try memory.tracedPoke(length, field: .usedRingLen(slot), at: layout.usedElement(slot) + 4, trace: &trace)
    memory.releaseFence()
    let next = usedIdx &+ 1
    try memory.tracedPoke(next, field: .usedIdx, at: layout.usedIdx, trace: &trace)
    usedIdx = next
  }
}

extension GuestMemory {
  /// Writes a field directly and records it as a poke by the field's owner, with the old value: the entry
  /// `Virtqueue.poke` records (`sets FIELD directly: old → new`).
  mutating func tracedPoke<T: FixedWidthInteger & UnsignedInteger>(
    _ value: T, field: RingField, at address: GuestAddress, trace: inout Trace
  ) throws(VirtqueueError) {
    let old: T = try load(at: address)
    try store(value, at: address)
    trace.record(
      TraceEntry(
        role: field.owner, kind: .poke, field: field, address: address, length: MemoryLayout<T>.size,
        value: UInt64(value), oldValue: UInt64(old),
        detail: "sets \(field) directly: \(FieldFormat.value(UInt64(old), of: field)) → \(FieldFormat.value(UInt64(value), of: field))"))
  }
}
