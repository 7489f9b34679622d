/// The write log of one guest memory: for every write, where it went, the bytes it replaced and the bytes it wrote.
///
/// History comes from this log, never from copies of memory: a view at an earlier position undoes the later
/// writes as it reads (``GuestMemoryView``), and ``GuestMemory/rewind(to:)`` undoes them for real (step back in a
/// live session). Old and new bytes sit in one byte arena, so recording a write allocates nothing once warm.
struct WriteJournal: Sendable {
  /// One write: `count` bytes at `address`; old bytes at `arena[offset..<offset+count]`, new bytes right after.
  struct Record: Sendable {
    var address: GuestAddress
    var offset: Int
    var count: Int
  }

  private(set) var records: [Record] = []
  private(set) var arena: [UInt8] = []

  /// The number of writes recorded: a position in history.
  var position: Int { records.count }

  /// Records a write of `count` bytes at `address`: `old` before it, `new` after it.
  mutating func record(address: GuestAddress, count: Int, old: UnsafeRawPointer, new: UnsafeRawPointer) {
    records.append(Record(address: address, offset: arena.count, count: count))
    arena.append(contentsOf: UnsafeRawBufferPointer(start: old, count: count))
    arena.append(contentsOf: UnsafeRawBufferPointer(start: new, count: count))
  }

  /// The bytes a record replaced.
  func oldBytes(_ r: Record) -> ArraySlice<UInt8> { arena[r.offset..<r.offset + r.count] }
  /// The bytes a record wrote.
  func newBytes(_ r: Record) -> ArraySlice<UInt8> { arena[r.offset + r.count..<r.offset + 2 * r.count] }

  /// Patches `output` (the current bytes of `[address, address + output.count)`) back to what they were at
  /// `position`: the later writes' old bytes, the latest first, so the earliest one after `position` wins.
  func undo(after position: Int, into output: inout [UInt8], at address: GuestAddress) {
    guard position < records.count, !output.isEmpty else { return }
    let end = address &+ UInt64(output.count)
    for r in records[max(0, position)...].reversed() {
      let rEnd = r.address &+ UInt64(r.count)
      guard r.address < end, rEnd > address else { continue }
      let from = max(r.address, address)
      let to = min(rEnd, end)
      for a in from..<to { output[Int(a - address)] = arena[r.offset + Int(a - r.address)] }
    }
  }

  /// Forgets the records after `position` (after they were undone).
  mutating func truncate(to position: Int) {
    guard position < records.count else { return }
    arena.removeSubrange(records[position].offset...)
    records.removeSubrange(position...)
  }
}
