import Testing

@testable import VirtioCore

/// Copies of a queue share storage until one of them changes (the TUI snapshots the queue at every command), and
/// the trace keeps plain records made into entries only when read: both must behave exactly as plain arrays.
@Suite struct SharedStorageTests {
  private func queue(tracing: Bool = true) throws -> Virtqueue {
    var q = try Virtqueue(.init(size: 8, offered: [.version1, .indirectDesc], tracing: tracing))
    try q.initialize(accepting: [.version1, .indirectDesc])
    return q
  }

  @Test func aCopyOfTheQueueKeepsItsDriverStateWhenTheOtherAddsAndReclaims() throws {
    var q = try queue()
    try q.add(readable: [[1, 2, 3]], writable: [4])
    let snapshot = q
    let links = snapshot.driver.links
    let outstanding = snapshot.driver.outstandingChains
    try q.add(readable: [[5]], writable: [])
    q.setIndirectPolicy(.always)
    try q.add(readable: [[6]], writable: [7])
    try q.publish()
    while try q.popHead() != nil {}
    while try q.push(length: 0) != nil {}
    try q.reclaim()
    #expect(snapshot.driver.links == links)
    #expect(snapshot.driver.outstandingChains == outstanding)
    #expect(snapshot.driver.outstanding(head: 0)?.indirectTable?.count == 2)
    #expect(q.driver.outstandingChains.isEmpty && snapshot.driver.outstandingChains.count == 1)
    #expect(q.driver != snapshot.driver)
    // The snapshot goes on by itself, from its own rows.
    var other = snapshot
    try other.publish()
    #expect(try other.popHead() == 0)
    #expect(try other.push(length: 4)?.head == 0)
    #expect(try other.reclaim().map(\.head) == [0])
    #expect(other.driver.numFree == 8 && snapshot.driver.outstandingChains == outstanding)
  }

  @Test func equalDriversCompareEqualThoughTheirTablesDiffer() throws {
    var a = try queue(tracing: false)
    var b = try queue(tracing: false)
    try a.add(readable: [[9]], writable: [])
    try b.add(readable: [[9]], writable: [])
    #expect(a.driver == b.driver)
    try b.add(readable: [[9]], writable: [])
    #expect(a.driver != b.driver)
  }

  @Test func traceRecordsHoldNoReference() {
    #expect(_isPOD(TraceRecord.self))
  }

  @Test func entriesReadBackExactlyAsRecordedAndCopiesOfATraceDiverge() throws {
    var q = try queue()
    try q.add(readable: [[1, 2, 3, 4]], writable: [8])
    try q.poke(.availIdx, 1)
    let before = q.trace.entries
    let copy = q.trace
    #expect(copy.entries == before && copy.count == before.count)
    #expect(before.first { $0.kind == .write && $0.field == .buffer($0.address ?? 0, length: 4) }?.data == [1, 2, 3, 4])
    #expect(before.last?.detail == "sets avail.idx directly: 0 → 1")
    try q.poke(.availIdx, 0)
    #expect(copy.entries == before)
    #expect(q.trace.entries.count == before.count + 1 && Array(q.trace.entries.prefix(before.count)) == before)
    #expect(q.trace != copy)
    #expect(q.trace.entries(after: before.last!.sequence).map(\.sequence) == [before.last!.sequence + 1])
    q.trace.removeAll()
    #expect(q.trace.entries.isEmpty && copy.entries == before)
    try q.poke(.availIdx, 2)
    #expect(q.trace.entries.map(\.sequence) == [before.count + 2])
    #expect(q.trace.entries.first?.detail == "sets avail.idx directly: 0 → 2")
  }

  /// Payloads live in the storage's own byte buffer: past its first kilobyte it grows, a copy keeps its own bytes,
  /// equality compares the bytes, and clearing keeps nothing.
  @Test func payloadsPastTheFirstKilobyteReadBackAndCopiesKeepTheirOwn() throws {
    let payloads = (0..<40).map { i in [UInt8](repeating: UInt8(i), count: 37 * i + 1) }
    func traced(_ payloads: [[UInt8]]) -> Trace {
      var trace = Trace()
      for (i, p) in payloads.enumerated() { trace.record(TraceEntry(role: .driver, kind: .write, detail: "w\(i)", data: p)) }
      return trace
    }
    var trace = traced(payloads)
    #expect(trace.entries.map(\.data) == payloads)
    #expect(trace.entries.map(\.detail) == (0..<40).map { "w\($0)" })
    var copy = trace
    copy.record(TraceEntry(role: .device, kind: .write, detail: "more", data: [UInt8](repeating: 9, count: 5000)))
    #expect(trace.entries.count == 40 && copy.entries.count == 41 && copy.entries.last?.data == [UInt8](repeating: 9, count: 5000))
    #expect(trace.entries.map(\.data) == payloads && Array(copy.entries.prefix(40)) == trace.entries)
    #expect(traced(payloads) == trace)
    var changed = payloads
    changed[39][100] = 0xFF
    #expect(traced(changed) != trace)
    trace.removeAll()
    trace.record(TraceEntry(role: .driver, kind: .write, detail: "after", data: [1, 2]))
    #expect(trace.entries.map(\.data) == [[1, 2]] && trace.entries.first?.detail == "after")
  }
}
