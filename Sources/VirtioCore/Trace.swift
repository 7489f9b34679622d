/// The append-only, ordered list of everything the driver and the device did.
///
/// Recording can be switched off (`isEnabled = false`) for benchmarks; the entries are then never built. When on,
/// an entry is stored as a plain ``TraceRecord`` (its bytes in one arena beside the records), so that recording
/// copies no reference and clearing destroys nothing; ``entries`` makes the ``TraceEntry`` values when first read
/// and keeps them (docs/DECISIONS.md, "Split-ring speed, session 7"). Records, arena and made entries live in one
/// ``TraceStorage``, shared by copies of the trace until one of them changes (one uniqueness check per entry).
public struct Trace: Equatable, Sendable {
  /// The entries, in order (made from the records when first read, then kept until the trace changes).
  public var entries: [TraceEntry] { storage.entries() }
  /// Whether entries are recorded.
  public var isEnabled: Bool
  /// The sequence number the next entry gets (counts even when disabled).
  public private(set) var nextSequence = 1
  /// The records, their payloads and the entries made from them.
  private var storage = TraceStorage()

  /// Creates an empty trace.
  public init(enabled: Bool = true) { isEnabled = enabled }

  /// The number of entries.
  public var count: Int { storage.count }

  /// Appends an entry built on demand, numbering it.
  @inline(__always) public mutating func record(_ make: @autoclosure () -> TraceEntry) {
    guard isEnabled else { return }
    append(make())
  }

  /// The storage, after making sure this trace is its only holder (copy-on-write).
  @inline(__always) private mutating func uniqueStorage() -> TraceStorage {
    if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    return storage
  }

  /// Appends one of the engine's own entries (its note a code, no text) straight into the records, with no
  /// ``TraceEntry`` built: the plain values are stored and the data's bytes copied into the arena. The note and the
  /// data are made only when the trace is on.
  @inline(__always) mutating func record(
    role: Role, kind: TraceKind, field: RingField? = nil, address: GuestAddress? = nil, length: Int? = nil,
    value: UInt64? = nil, oldValue: UInt64? = nil, code: @autoclosure () -> TraceNote.Code,
    error: VirtqueueError.Kind? = nil,
    data: @autoclosure () -> [UInt8]? = nil
  ) {
    guard isEnabled else { return }
    let sequence = nextSequence
    nextSequence += 1
    let bytes = data()
    uniqueStorage().append(payload: bytes) { start, count in
      TraceRecord(
        sequence: sequence, role: role, kind: kind, field: field, address: address, length: length, value: value,
        oldValue: oldValue, code: code(), error: error, dataCount: count, payloadStart: start, payloadCount: count)
    }
  }

  @inline(__always) private mutating func append(_ entry: consuming TraceEntry) {
    entry.sequence = nextSequence
    nextSequence += 1
    let payload = entry.payload
    uniqueStorage().append(payload: payload) { start, count in TraceRecord(entry, payloadStart: start, payloadCount: count) }
  }

  /// Removes all entries (sequence numbers keep counting).
  public mutating func removeAll() {
    if isKnownUniquelyReferenced(&storage) { storage.removeAll() } else { storage = TraceStorage() }
  }

  /// Entries recorded after `sequence`.
  public func entries(after sequence: Int) -> ArraySlice<TraceEntry> {
    let entries = entries
    let start = entries.firstIndex { $0.sequence > sequence } ?? entries.endIndex
    return entries[start...]
  }

  public static func == (lhs: Trace, rhs: Trace) -> Bool {
    lhs.isEnabled == rhs.isEnabled && lhs.nextSequence == rhs.nextSequence
      && (lhs.storage === rhs.storage || lhs.storage.hasSameContents(as: rhs.storage))
  }
}
