/// One ordered event of the trace: who acted, what kind of action, and which bytes or ring field it touched.
///
/// The raw material the TUI animates: `field` and `address`/`length` say what lights up, `value`/`oldValue` what
/// changed. Traces carry sequence numbers, never timestamps, so runs are deterministic.
public struct TraceEntry: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// Position in the trace, from 1.
  public var sequence: Int
  /// Who acted.
  public var role: Role
  /// What happened.
  public var kind: TraceKind
  /// The ring field touched, if any.
  public var field: RingField?
  /// First guest-physical address touched, if any.
  public var address: GuestAddress?
  /// Number of bytes touched, if any.
  public var length: Int?
  /// The value read or written (or the new index), if any.
  public var value: UInt64?
  /// The previous value, for writes and index moves.
  public var oldValue: UInt64?
  /// What the entry says, as plain values (formatted only when read, by ``detail``).
  public var note: TraceNote {
    get { code.note(text: text) }
    set {
      let (code, text) = TraceNote.Code.storing(newValue)
      self.code = code
      setPayload(data: data, text: text)
    }
  }
  /// The note as stored: a plain code (no text), so that recording and copying an entry moves bytes only.
  var code: TraceNote.Code
  /// The named error, for `kind == .error`.
  public var error: VirtqueueError.Kind?
  /// The bytes written, for writes of buffer contents (so a viewer can replay memory up to this entry).
  public var data: [UInt8]? {
    get {
      guard dataCount >= 0 else { return nil }
      guard let payload else { return [] }
      return payload.count == dataCount ? payload : Array(payload[..<dataCount])
    }
    set { setPayload(data: newValue, text: text) }
  }
  /// The note's text, for the two notes that carry one (a free sentence, an index without a code).
  var text: String? {
    guard code.hasText else { return nil }
    guard let payload else { return "" }
    return String(decoding: payload[max(0, dataCount)...], as: UTF8.self)
  }
  /// ``data``, then the UTF-8 of ``text``: the entry's only reference, so that a copy of an entry is its bytes and
  /// one retain (no value witness switching over optionals and strings). Most entries have none.
  private(set) var payload: [UInt8]?
  /// How many bytes of ``payload`` are ``data``; -1 when the entry has no data.
  private(set) var dataCount: Int

  private mutating func setPayload(data: [UInt8]?, text: String?) {
    dataCount = data?.count ?? -1
    payload = text.map { (data ?? []) + Array($0.utf8) } ?? data
  }

  public init(
    sequence: Int = 0, role: Role, kind: TraceKind, field: RingField? = nil, address: GuestAddress? = nil,
    length: Int? = nil, value: UInt64? = nil, oldValue: UInt64? = nil, detail: String,
    error: VirtqueueError.Kind? = nil, data: [UInt8]? = nil
  ) {
    self.init(
      sequence: sequence, role: role, kind: kind, field: field, address: address, length: length, value: value,
      oldValue: oldValue, code: .text, text: detail, error: error, data: data)
  }

  /// An entry whose sentence is made from `note` only when it is read.
  public init(
    sequence: Int = 0, role: Role, kind: TraceKind, field: RingField? = nil, address: GuestAddress? = nil,
    length: Int? = nil, value: UInt64? = nil, oldValue: UInt64? = nil, note: TraceNote,
    error: VirtqueueError.Kind? = nil, data: [UInt8]? = nil
  ) {
    let (code, text) = TraceNote.Code.storing(note)
    self.init(
      sequence: sequence, role: role, kind: kind, field: field, address: address, length: length, value: value,
      oldValue: oldValue, code: code, text: text, error: error, data: data)
  }

  /// The engine's own entries: the note as a code, every field set directly (no temporary entry to copy).
  @inline(__always) init(
    sequence: Int = 0, role: Role, kind: TraceKind, field: RingField? = nil, address: GuestAddress? = nil,
    length: Int? = nil, value: UInt64? = nil, oldValue: UInt64? = nil, code: TraceNote.Code, text: String? = nil,
    error: VirtqueueError.Kind? = nil, data: [UInt8]? = nil
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
    dataCount = data?.count ?? -1
    payload = text.map { (data ?? []) + Array($0.utf8) } ?? data
  }

  /// An entry rebuilt from a ``TraceRecord`` and its payload bytes (exactly the entry that was recorded).
  init(record r: TraceRecord, payload: [UInt8]?) {
    sequence = r.sequence
    role = r.role
    kind = r.kind
    field = r.field
    address = r.address
    length = r.length
    value = r.value
    oldValue = r.oldValue
    code = r.code
    error = r.error
    dataCount = r.dataCount
    self.payload = payload
  }

  /// A one-line human explanation, formatted now from the entry's plain values.
  public var detail: String {
    let v = value ?? 0
    let old = oldValue ?? 0
    switch note {
    case .text(let text): return text
    case .fieldRead: return field.map { "\($0) → \(FieldFormat.value(v, of: $0))" } ?? ""
    case .fieldWrite: return field.map { "\($0) = \(FieldFormat.value(v, of: $0))" } ?? ""
    case .barrier(let barrier): return barrier.sentence
    case .index(let name): return "\(name) \(old) → \(v)"
    case .chainAdded(let readable, let writable, let indirect, let slot, let numFree):
      return "chain head \(v): \(readable) readable + \(writable) writable buffer(s)"
        + (indirect ? " in an indirect table" : "") + ", avail.ring[\(slot)] = \(v); \(numFree) descriptors free"
    case .published:
      return "avail.idx \(old) → \(v): \(UInt16(truncatingIfNeeded: v) &- UInt16(truncatingIfNeeded: old)) chain(s) now visible to the device"
    case .kick(let decision):
      return kind == .kick ? "notify the device: \(decision.reason)" : "no notification: \(decision.reason)"
    case .popped(let buffers, let readable, let writable, let indirect):
      return "took chain \(v): \(buffers) buffer(s), \(byteCount(readable)) readable, \(writable) writable"
        + (indirect ? ", via an indirect table" : "")
    case .pushed(let slot, let id, let length):
      return "used.ring[\(slot)] = {id \(id), len \(length)}; used.idx \(old) → \(v)"
    case .interrupt(let decision):
      return kind == .interrupt ? "interrupt the driver: \(decision.reason)" : "no interrupt: \(decision.reason)"
    case .reclaimed(let length, let numFree):
      return "took back chain \(v) (\(byteCount(length)) written); \(numFree) descriptors free"
    case .bufferFilled: return "driver fills a \(length ?? 0)-byte buffer at \(hex(address ?? 0))"
    case .bufferRead: return "device reads \(byteCount(length ?? 0)) at \(hex(address ?? 0))"
    case .bufferWritten: return "device writes \(byteCount(length ?? 0)) at \(hex(address ?? 0))"
    case .packed(let note): return note.sentence(of: self)
    }
  }

  /// Whether this entry changed guest memory (a ring field or buffer write, or a poke): each such entry is
  /// exactly one record of the memory's write log.
  public var writesMemory: Bool { (kind == .write || kind == .poke) && address != nil }

  /// `#12 driver  write       desc[0].addr @0x1000 = 0x3000`.
  public var description: String {
    var line = "#\(sequence) \(role.rawValue.padded(6)) \(kind.rawValue.padded(20))"
    line += " " + detail
    return line
  }
}

extension String {
  func padded(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}

/// Formats `value` as `0x…` hex.
@inlinable public func hex<T: BinaryInteger>(_ value: T) -> String { "0x" + String(value, radix: 16) }

/// "1 byte", "2 bytes": a count of bytes in a trace sentence.
func byteCount<N: BinaryInteger>(_ n: N) -> String { n == 1 ? "1 byte" : "\(n) bytes" }
