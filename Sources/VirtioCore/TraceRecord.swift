/// One trace entry as the trace stores it: plain values only (no reference, no string), so that recording is a
/// store into an array and clearing the trace destroys nothing. The entry's bytes (its data, then its text) live
/// in the trace's byte arena at `payloadStart`; ``TraceEntry`` is made from a record only when someone reads it.
struct TraceRecord: Equatable, Sendable {
  var sequence: Int
  var role: Role
  var kind: TraceKind
  var field: RingField?
  var address: GuestAddress?
  var length: Int?
  var value: UInt64?
  var oldValue: UInt64?
  var code: TraceNote.Code
  var error: VirtqueueError.Kind?
  /// How many payload bytes are data (-1: the entry has no data).
  var dataCount: Int
  /// Where the payload starts in the arena.
  var payloadStart: Int
  /// Payload bytes in the arena; -1 when the entry has no payload at all (`nil`, not empty).
  var payloadCount: Int

  @inline(__always) init(
    sequence: Int, role: Role, kind: TraceKind, field: RingField?, address: GuestAddress?, length: Int?,
    value: UInt64?, oldValue: UInt64?, code: TraceNote.Code, error: VirtqueueError.Kind?, dataCount: Int,
    payloadStart: Int, payloadCount: Int
  ) {
    self.sequence = sequence
    self.role = role
    self.kind = kind
    self.field = field
    self.address = address
    self.length = length
    self.value = value
    self.oldValue = oldValue
    self.code = code
    self.error = error
    self.dataCount = dataCount
    self.payloadStart = payloadStart
    self.payloadCount = payloadCount
  }

  /// The record of `entry`, whose payload was appended to the arena at `payloadStart`.
  @inline(__always) init(_ entry: borrowing TraceEntry, payloadStart: Int, payloadCount: Int) {
    sequence = entry.sequence
    role = entry.role
    kind = entry.kind
    field = entry.field
    address = entry.address
    length = entry.length
    value = entry.value
    oldValue = entry.oldValue
    code = entry.code
    error = entry.error
    dataCount = entry.dataCount
    self.payloadStart = payloadStart
    self.payloadCount = payloadCount
  }

  /// The entry this record stores, its payload copied out of `arena`.
  func entry(arena: [UInt8]) -> TraceEntry {
    TraceEntry(record: self, payload: payloadCount < 0 ? nil : Array(arena[payloadStart..<payloadStart + payloadCount]))
  }
}
