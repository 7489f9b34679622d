/// The append-only, ordered list of everything the driver and the device did.
///
/// Recording can be switched off (`isEnabled = false`) for benchmarks; the entries are then built lazily and
/// never allocated.
public struct Trace: Equatable, Sendable {
  /// The entries, in order.
  public private(set) var entries: [TraceEntry] = []
  /// Whether entries are recorded.
  public var isEnabled: Bool
  /// The sequence number the next entry gets (counts even when disabled).
  public private(set) var nextSequence = 1

  /// Creates an empty trace.
  public init(enabled: Bool = true) { isEnabled = enabled }

  /// Appends an entry built on demand, numbering it. (`Array.append` still copies the entry once through its value
  /// witness and drops the original: about 45 instructions plus a memcpy per entry, because the entry holds one
  /// reference, its payload; see docs/DECISIONS.md, "Split-ring speed, session 6".)
  @inline(__always) public mutating func record(_ make: @autoclosure () -> TraceEntry) {
    guard isEnabled else { return }
    var entry = make()
    entry.sequence = nextSequence
    nextSequence += 1
    entries.append(consume entry)
  }

  /// Removes all entries (sequence numbers keep counting).
  public mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

  /// Entries recorded after `sequence`.
  public func entries(after sequence: Int) -> ArraySlice<TraceEntry> {
    let start = entries.firstIndex { $0.sequence > sequence } ?? entries.endIndex
    return entries[start...]
  }
}
