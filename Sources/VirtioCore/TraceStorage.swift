import Synchronization

/// Everything a ``Trace`` holds, in one object: the plain records, the byte arena of their payloads, and the
/// ``TraceEntry`` values already made for a reader.
///
/// One object, so that recording an entry asks one question (is this trace the only holder?) instead of one per
/// array, and a record is a store into raw storage. The records are ``TraceRecord``s, which hold no reference
/// (`_isPOD`, tested), so growing and copying the storage is a `memcpy` and clearing it destroys nothing. The raw
/// pointer is private to this type and every access is checked against `count`.
final class TraceStorage: @unchecked Sendable {
  // @unchecked: a storage is mutated only by a trace that holds it alone (`isKnownUniquelyReferenced` before
  // every change); shared storages are only read, and the one thing reading changes, `made`, is behind a lock.
  // For the same reason the stored properties need no dynamic exclusivity check (`@exclusivity(unchecked)`):
  // without it every record would pay two runtime access checks.
  @exclusivity(unchecked) private var records: UnsafeMutablePointer<TraceRecord>
  @exclusivity(unchecked) private var capacity: Int
  /// The number of records.
  @exclusivity(unchecked) private(set) var count = 0
  /// Every entry's payload (data, then the UTF-8 of its text), one after the other.
  @exclusivity(unchecked) private(set) var arena: [UInt8] = []
  /// The entries already made for a reader: a prefix of the records (appending keeps it valid; this storage is
  /// changed only when no other trace holds it).
  private let made = Mutex<[TraceEntry]>([])

  init(capacity: Int = 64) {
    self.capacity = max(1, capacity)
    records = .allocate(capacity: self.capacity)
  }

  deinit { records.deallocate() }

  /// A copy of the records and the arena (the made entries are made again when read).
  func copy() -> TraceStorage {
    let other = TraceStorage(capacity: max(count, 1))
    other.records.initialize(from: records, count: count)
    other.count = count
    other.arena = arena
    return other
  }

  /// The record at `index` (`0 ..< count`).
  subscript(index: Int) -> TraceRecord {
    precondition(index >= 0 && index < count, "trace record index out of range")
    return records[index]
  }

  /// Appends a record; `payload` gives the bytes to put in the arena (nil: none), and the record is built knowing
  /// where they start and how many there are (-1 for none).
  @inline(__always) func append(payload: [UInt8]?, _ make: (_ start: Int, _ count: Int) -> TraceRecord) {
    if count == capacity { grow() }
    let start = arena.count
    var payloadCount = -1
    if let payload {
      arena.append(contentsOf: payload)
      payloadCount = payload.count
    }
    (records + count).initialize(to: make(start, payloadCount))
    count += 1
  }

  @inline(never) private func grow() {
    let bigger = UnsafeMutablePointer<TraceRecord>.allocate(capacity: capacity * 2)
    bigger.moveInitialize(from: records, count: count)
    records.deallocate()
    records = bigger
    capacity *= 2
  }

  /// Forgets every record, payload and made entry, keeping the storage for the next ones.
  func removeAll() {
    count = 0  // records hold no reference: nothing to destroy
    arena.removeAll(keepingCapacity: true)
    made.withLock { $0.removeAll(keepingCapacity: true) }
  }

  /// The entries of the records, making those not made yet.
  func entries() -> [TraceEntry] {
    made.withLock { made in
      if made.count < count {
        made.reserveCapacity(count)
        for i in made.count..<count { made.append(records[i].entry(arena: arena)) }
      }
      return made
    }
  }

  /// Whether both hold the same records and payloads.
  func hasSameContents(as other: TraceStorage) -> Bool {
    guard count == other.count, arena == other.arena else { return false }
    for i in 0..<count where records[i] != other.records[i] { return false }
    return true
  }
}
