import VirtioCore

/// The trace entries a live view may still show (``RngDevice/recentTrace``), kept without making a
/// ``TraceEntry`` per request: the ring's current ``Trace`` stays in the engine queue and grows; when it holds
/// ``limit`` entries it becomes the *previous* generation (a copy sharing its records) and the queue's trace is
/// cleared (its sequence numbers go on). Entries are made only when ``entries(current:)`` is read, or when the
/// ring is set up again (its generations are then made into ``retired`` entries, which a new queue's trace does
/// not continue). So a trace nobody reads costs the engine's records and nothing more.
struct RecentTrace {
  /// How many entries ``entries(current:)`` returns at least (when that many were recorded); at most twice that.
  let limit: Int
  /// Entries of rings no longer attached, oldest first (at most twice ``limit``).
  private var retired: [TraceEntry] = []
  /// The generation before the current trace of the attached ring.
  private var previous: Trace?
  /// Entries recorded in all, outside the current trace.
  private var retiredTotal = 0

  init(limit: Int) { self.limit = limit }

  /// At the end of a serve call: the current trace becomes the previous generation once it holds ``limit``
  /// entries (one check per call; nothing is copied or made).
  mutating func roll(_ current: inout Trace) {
    guard current.count >= limit else { return }
    retiredTotal += current.count
    previous = current
    current.removeAll()
  }

  /// The ring's trace is about to go (detached, or set up again): its entries are made and kept.
  mutating func retire(_ current: Trace) {
    guard previous != nil || current.count > 0 else { return }
    retired += (previous?.entries ?? []) + current.entries
    if retired.count > 2 * limit { retired.removeFirst(retired.count - limit) }
    retiredTotal += current.count
    previous = nil
  }

  /// The most recent entries, oldest first: at least the last ``limit`` (when recorded), at most twice that.
  func entries(current: Trace?) -> [TraceEntry] {
    let now = current?.entries ?? []
    if retired.isEmpty && previous == nil { return now }  // the trace's own made entries, not copied
    var all = retired
    if let previous { all += previous.entries }
    all += now
    return all.count > 2 * limit ? Array(all.suffix(2 * limit)) : all
  }

  /// Entries recorded in all, the current trace's included.
  func total(current: Trace?) -> Int { retiredTotal + (current?.count ?? 0) }
}
