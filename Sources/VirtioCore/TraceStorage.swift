import Synchronization

/// Everything a ``Trace`` holds, in one object: the plain records, the byte arena of their payloads, and the
/// ``TraceEntry`` values already made for a reader.
///
/// One object, so that recording an entry asks one question (is this trace the only holder?) instead of one per
/// array, and a record is a store into raw storage. The records are ``TraceRecord``s, which hold no reference
/// (`_isPOD`, tested), so growing and copying the storage is a `memcpy` and clearing it destroys nothing. The raw
/// pointers are private to this type; a record is read only below `count`, and a payload is copied in only after
/// the byte storage was grown to hold it.
final class TraceStorage: @unchecked Sendable {
  // @unchecked: a storage is mutated only by a trace that holds it alone (`isKnownUniquelyReferenced` before
  // every change); shared storages are only read, and the one thing reading changes, `made`, is behind a lock.
  // For the same reason the stored properties need no dynamic exclusivity check (`@exclusivity(unchecked)`):
  // without it every record would pay two runtime access checks.
  @exclusivity(unchecked) private var records: UnsafeMutablePointer<TraceRecord>
  @exclusivity(unchecked) private var capacity: Int
  /// The number of records.
  @exclusivity(unchecked) private(set) var count = 0
  /// Every entry's payload (data, then the UTF-8 of its text), one after the other: `byteCount` bytes of raw
  /// storage, so that appending a payload is one copy and clearing is one store.
  @exclusivity(unchecked) private var bytes: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private var byteCapacity: Int
  @exclusivity(unchecked) private var byteCount = 0
  /// The entries already made for a reader: a prefix of the records (appending keeps it valid; this storage is
  /// changed only when no other trace holds it).
  private let made = Mutex<[TraceEntry]>([])

  init(capacity: Int = 64, byteCapacity: Int = 1024) {
    self.capacity = max(1, capacity)
    records = .allocate(capacity: self.capacity)
    self.byteCapacity = max(1, byteCapacity)
    bytes = .allocate(capacity: self.byteCapacity)
  }

  deinit {
    records.deallocate()
    bytes.deallocate()
  }

  /// The payload bytes in use.
  private var payloadBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: bytes, count: byteCount) }

  /// A copy of the records and the arena (the made entries are made again when read).
  func copy() -> TraceStorage {
    let other = TraceStorage(capacity: max(count, 1), byteCapacity: max(byteCount, 1))
    other.records.initialize(from: records, count: count)
    other.count = count
    other.bytes.initialize(from: bytes, count: byteCount)
    other.byteCount = byteCount
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
    let start = byteCount
    var payloadCount = -1
    if let payload {
      let n = payload.count
      if n > byteCapacity - byteCount { growBytes(toHold: n) }
      payload.withUnsafeBufferPointer { source in
        if let from = source.baseAddress { (bytes + byteCount).initialize(from: from, count: n) }
      }
      byteCount += n
      payloadCount = n
    }
    (records + count).initialize(to: make(start, payloadCount))
    count += 1
  }

  /// Makes room for `n` more payload bytes (at least doubling).
  @inline(never) private func growBytes(toHold n: Int) {
    let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(byteCapacity * 2, byteCount + n))
    bigger.initialize(from: bytes, count: byteCount)
    bytes.deallocate()
    bytes = bigger
    byteCapacity = max(byteCapacity * 2, byteCount + n)
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
    byteCount = 0
    made.withLock { $0.removeAll(keepingCapacity: true) }
  }

  /// The entries of the records, making those not made yet.
  func entries() -> [TraceEntry] {
    made.withLock { made in
      if made.count < count {
        made.reserveCapacity(count)
        let arena = payloadBytes
        for i in made.count..<count { made.append(records[i].entry(arena: arena)) }
      }
      return made
    }
  }

  /// Whether both hold the same records and payloads.
  func hasSameContents(as other: TraceStorage) -> Bool {
    guard count == other.count, payloadBytes.elementsEqual(other.payloadBytes) else { return false }
    for i in 0..<count where records[i] != other.records[i] { return false }
    return true
  }
}
