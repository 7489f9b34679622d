import Synchronization

/// The append-only, ordered list of everything the driver and the device did.
///
/// Recording can be switched off (`isEnabled = false`) for benchmarks; the entries are then never built. When on,
/// an entry is stored as a plain ``TraceRecord`` (its bytes in one arena beside the records), so that recording
/// copies no reference and clearing destroys nothing; ``entries`` makes the ``TraceEntry`` values when first read
/// and keeps them (docs/DECISIONS.md, "Split-ring speed, session 7").
public struct Trace: Equatable, Sendable {
  /// The entries, in order (made from the records when first read, then kept until the trace changes).
  public var entries: [TraceEntry] {
    made.entries(of: records, arena: arena)
  }
  /// Whether entries are recorded.
  public var isEnabled: Bool
  /// The sequence number the next entry gets (counts even when disabled).
  public private(set) var nextSequence = 1
  /// The entries as recorded.
  private var records: [TraceRecord] = []
  /// Every entry's payload (data, then the UTF-8 of its text), one after the other.
  private var arena: [UInt8] = []
  /// The entries already made for a reader (a prefix of ``records``). Shared by copies of the trace until one of
  /// them changes: a change first takes a fresh one unless this value is its only holder.
  private var made = MadeEntries()

  /// Creates an empty trace.
  public init(enabled: Bool = true) { isEnabled = enabled }

  /// The number of entries.
  public var count: Int { records.count }

  /// Appends an entry built on demand, numbering it.
  @inline(__always) public mutating func record(_ make: @autoclosure () -> TraceEntry) {
    guard isEnabled else { return }
    append(make())
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
    if !isKnownUniquelyReferenced(&made) { made = MadeEntries() }
    let start = arena.count
    var count = -1
    if let bytes = data() {
      arena.append(contentsOf: bytes)
      count = bytes.count
    }
    records.append(
      TraceRecord(
        sequence: nextSequence, role: role, kind: kind, field: field, address: address, length: length, value: value,
        oldValue: oldValue, code: code(), error: error, dataCount: count, payloadStart: start, payloadCount: count))
    nextSequence += 1
  }

  @inline(__always) private mutating func append(_ entry: consuming TraceEntry) {
    if !isKnownUniquelyReferenced(&made) { made = MadeEntries() }
    entry.sequence = nextSequence
    nextSequence += 1
    let start = arena.count
    var payloadCount = -1
    if let payload = entry.payload {
      arena.append(contentsOf: payload)
      payloadCount = payload.count
    }
    records.append(TraceRecord(entry, payloadStart: start, payloadCount: payloadCount))
  }

  /// Removes all entries (sequence numbers keep counting).
  public mutating func removeAll() {
    records.removeAll(keepingCapacity: true)
    arena.removeAll(keepingCapacity: true)
    if isKnownUniquelyReferenced(&made) { made.clear() } else { made = MadeEntries() }
  }

  /// Entries recorded after `sequence`.
  public func entries(after sequence: Int) -> ArraySlice<TraceEntry> {
    let entries = entries
    let start = entries.firstIndex { $0.sequence > sequence } ?? entries.endIndex
    return entries[start...]
  }

  public static func == (lhs: Trace, rhs: Trace) -> Bool {
    lhs.isEnabled == rhs.isEnabled && lhs.nextSequence == rhs.nextSequence && lhs.records == rhs.records
      && lhs.arena == rhs.arena
  }
}

/// The ``TraceEntry`` values made so far from a trace's records, behind a lock (two copies of a trace may be read
/// from two threads).
private final class MadeEntries: Sendable {
  private let made = Mutex<[TraceEntry]>([])

  /// The entries of `records`, making those not made yet.
  func entries(of records: [TraceRecord], arena: [UInt8]) -> [TraceEntry] {
    made.withLock { made in
      if made.count < records.count {
        for r in records[made.count...] { made.append(r.entry(arena: arena)) }
      }
      return made
    }
  }

  /// Forgets every entry made (the trace was cleared).
  func clear() { made.withLock { $0.removeAll(keepingCapacity: true) } }
}
