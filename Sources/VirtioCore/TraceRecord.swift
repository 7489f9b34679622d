/// One trace entry as the trace stores it: plain values only (no reference, no string), so that recording is a
/// store into an array and clearing the trace destroys nothing. The entry's bytes (its data, then its text) live
/// in the trace's byte arena at `payloadStart`; ``TraceEntry`` is made from a record only when someone reads it.
struct TraceRecord: Equatable, Sendable {
  var sequence: Int
  var role: Role
  var kind: TraceKind
  var field: RingField?
  /// Which of the four optional numbers below are present (``Present``): four plain words and one byte instead
  /// of four optionals, so that a record is fewer bytes to store.
  private var present: Present
  private var storedAddress: GuestAddress
  private var storedLength: Int
  private var storedValue: UInt64
  private var storedOldValue: UInt64
  var address: GuestAddress? { present.contains(.address) ? storedAddress : nil }
  var length: Int? { present.contains(.length) ? storedLength : nil }
  var value: UInt64? { present.contains(.value) ? storedValue : nil }
  var oldValue: UInt64? { present.contains(.oldValue) ? storedOldValue : nil }

  struct Present: OptionSet, Equatable, Sendable {
    let rawValue: UInt8
    static let address = Present(rawValue: 1)
    static let length = Present(rawValue: 2)
    static let value = Present(rawValue: 4)
    static let oldValue = Present(rawValue: 8)
  }
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
    (present, storedAddress, storedLength, storedValue, storedOldValue) = Self.pack(address, length, value, oldValue)
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
    (present, storedAddress, storedLength, storedValue, storedOldValue) = Self.pack(
      entry.address, entry.length, entry.value, entry.oldValue)
    code = entry.code
    error = entry.error
    dataCount = entry.dataCount
    self.payloadStart = payloadStart
    self.payloadCount = payloadCount
  }

  /// The presence bits and the four numbers (0 when absent, so that equal entries store equal records).
  @inline(__always) private static func pack(_ address: GuestAddress?, _ length: Int?, _ value: UInt64?, _ oldValue: UInt64?)
    -> (Present, GuestAddress, Int, UInt64, UInt64)
  {
    var present: Present = []
    if address != nil { present.insert(.address) }
    if length != nil { present.insert(.length) }
    if value != nil { present.insert(.value) }
    if oldValue != nil { present.insert(.oldValue) }
    return (present, address ?? 0, length ?? 0, value ?? 0, oldValue ?? 0)
  }

  /// The entry this record stores, its payload copied out of `arena`.
  func entry(arena: UnsafeBufferPointer<UInt8>) -> TraceEntry {
    TraceEntry(record: self, payload: payloadCount < 0 ? nil : Array(arena[payloadStart..<payloadStart + payloadCount]))
  }
}
