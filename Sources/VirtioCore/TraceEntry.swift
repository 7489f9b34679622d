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
  /// A one-line human explanation.
  public var detail: String
  /// The named error, for `kind == .error`.
  public var error: VirtqueueError.Kind?
  /// The bytes written, for writes of buffer contents (so a viewer can replay memory up to this entry).
  public var data: [UInt8]?

  public init(
    sequence: Int = 0, role: Role, kind: TraceKind, field: RingField? = nil, address: GuestAddress? = nil,
    length: Int? = nil, value: UInt64? = nil, oldValue: UInt64? = nil, detail: String,
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
    self.detail = detail
    self.error = error
    self.data = data
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
