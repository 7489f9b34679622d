import VirtioCore

extension SplitRingPicture {
  /// A row of the descriptor column.
  enum DescRow: Equatable {
    /// `desc[i]`.
    case descriptor(Int)
    /// Free descriptors `first...last` collapsed into one row.
    case free(Int, Int)
    /// Rows left out (`…`).
    case gap
    /// Entry `k` of the indirect table that descriptor `head` points to (a nested box under it).
    case entry(head: Int, Int, last: Bool)
  }

  /// A row of a ring column: slot `i`, or `…` for slots left out.
  enum SlotRow: Equatable {
    case slot(Int)
    case gap
  }

  /// Indirect tables shown under their descriptor: the table of each outstanding chain that has one.
  var tables: [Int: DescriptorChain.IndirectTable] {
    var tables: [Int: DescriptorChain.IndirectTable] = [:]
    for chain in snapshot.chains.values where Int(chain.head) < size {
      if let table = chain.indirectTable, table.count > 0 { tables[Int(chain.head)] = table }
    }
    return tables
  }

  /// Entries of a nested table shown at most.
  static let tableRowsLimit = 8

  /// The descriptor column in at most `limit` rows: every descriptor when they fit (unless `collapse`, which folds
  /// only never-written free descriptors); else the busy ones with each run of free descriptors collapsed into one row; else a window of those rows that keeps
  /// the active chain (the one holding the descriptor the step touched last) whole, from its head.
  func descRows(limit: Int, collapse: Bool = false) -> [DescRow] {
    guard limit > 0 else { return [] }
    let tables = self.tables
    func withTable(_ i: Int) -> [DescRow] {
      guard let table = tables[i] else { return [.descriptor(i)] }
      let n = min(table.count, Self.tableRowsLimit)
      return [.descriptor(i)] + (0..<n).map { .entry(head: i, $0, last: $0 == n - 1) }
    }
    let tableRows = tables.values.map { min($0.count, Self.tableRowsLimit) }.reduce(0, +)
    if size + tableRows <= limit && !collapse { return (0..<size).flatMap(withTable) }
    var busy = Set(snapshot.owners.keys.filter { $0 >= 0 && $0 < size })
    if let focus = touches.focusDescriptor, focus >= 0, focus < size { busy.insert(focus) }
    if size + tableRows <= limit {
      // Collapsing by choice (every row would fit): a free descriptor that still holds an old request's values stays
      // a row of its own; only never-written (all-zero) ones fold into `a–b free`.
      for i in 0..<size where !busy.contains(i) {
        let d = snapshot.descriptor(i)
        if d.address != 0 || d.length != 0 || d.flags.rawValue != 0 || d.next != 0 { busy.insert(i) }
      }
    }
    var rows: [DescRow] = []
    var next = 0
    for i in busy.sorted() {
      if i - next >= 2 { rows.append(.free(next, i - 1)) } else if i - next == 1 { rows.append(.descriptor(next)) }
      rows += withTable(i)
      next = i + 1
    }
    if size - next >= 2 { rows.append(.free(next, size - 1)) } else if size - next == 1 { rows.append(.descriptor(next)) }
    if rows.count <= limit { return rows }
    let block = activeBlock(in: rows)
    let window = PaneFormat.window(count: rows.count, slots: limit, keeping: block) { r in
      if case .entry = rows[r] { return false } else { return true }
    }
    return window.map { $0.map { rows[$0] } ?? .gap }
  }

  /// The rows of `rows` that show the active chain: the chain (or the descriptors being added) holding the
  /// descriptor the step touched last, else the lowest busy one, with its indirect table's entries.
  func activeBlock(in rows: [DescRow]) -> ClosedRange<Int> {
    let focus = touches.focusDescriptor ?? snapshot.owners.keys.filter { $0 >= 0 && $0 < size }.min() ?? 0
    var members: Set<Int> = [focus]
    if snapshot.beingBuilt.contains(focus) { members.formUnion(snapshot.beingBuilt) }
    for chain in snapshot.chains.values where chain.descriptors.contains(focus) { members.formUnion(chain.descriptors) }
    let found = rows.indices.filter { r in
      switch rows[r] {
      case .descriptor(let i): return members.contains(i)
      case .entry(let head, _, _): return members.contains(head)
      case .free(let a, let b): return a <= focus && focus <= b
      case .gap: return false
      }
    }
    guard let lo = found.min(), let hi = found.max() else { return 0...0 }
    return lo...hi
  }

  /// A ring column in at most `limit` rows: every slot, or a window around `focus` that keeps the slots of `keep`
  /// (the ring's next-slot markers, `▸` and `│`) in view while they fit.
  func slotRows(limit: Int, focus: Int, keep: [Int] = []) -> [SlotRow] {
    guard !keep.isEmpty else { return PaneFormat.window(count: size, slots: limit, focus: focus).map { $0.map(SlotRow.slot) ?? .gap } }
    return PaneFormat.window(count: size, limit: limit, focus: focus, keep: keep).map { $0.map(SlotRow.slot) ?? .gap }
  }

  /// The avail ring's marked slots: the device's next to take (`last_avail_idx`, `▸`) and the driver's next to fill.
  var availMarks: [Int] { [layout.slot(snapshot.lastAvailIdx), layout.slot(snapshot.availIdx)] }
  /// The used ring's marked slots: the driver's next to take (`last_used_idx`, `▸`) and the device's next to fill.
  var usedMarks: [Int] { [layout.slot(lastUsedIdx), layout.slot(snapshot.usedIdx)] }

  /// The avail slot to keep in view: the one the step wrote last, else the driver's next.
  var availFocus: Int { touches.focusAvailSlot ?? layout.slot(snapshot.availIdxShadow ?? snapshot.availIdx) }
  /// The used slot to keep in view: the one the step wrote last, else the device's next.
  var usedFocus: Int { touches.focusUsedSlot ?? layout.slot(snapshot.deviceUsedIdx) }

  /// Whether ring slot `slot` holds one of the `count` entries starting at free-running index `start`.
  func inRange(_ slot: Int, from start: UInt16, count: UInt16) -> Bool {
    let n = min(Int(count), size)
    return (slot - layout.slot(start) + size) % size < n
  }

  /// The driver's index including entries written but not yet published.
  var availShadow: UInt16 { snapshot.availIdxShadow ?? snapshot.publishedIdx ?? snapshot.availIdx }
  /// The driver's `last_used_idx` (the device's used index for a queue without our driver).
  var lastUsedIdx: UInt16 { snapshot.lastUsedIdx ?? snapshot.deviceUsedIdx }

  /// The head in avail slot `slot` when the slot holds an entry the device has not taken yet.
  func liveHead(_ slot: Int) -> Int? {
    guard inRange(slot, from: snapshot.lastAvailIdx, count: availShadow &- snapshot.lastAvailIdx) else { return nil }
    let head = Int(snapshot.value(.availRing(slot)))
    return head < size ? head : nil
  }

  /// The head a line links avail slot `slot` to: a live slot's head, and the head of the slot the step touched
  /// last once the device has taken it, while its chain is in the device's hands (on the pop step the line from
  /// `avail.ring[0]` to its head stays).
  func linkedHead(_ slot: Int) -> Int? {
    if let head = liveHead(slot) { return head }
    guard slot == touches.focusAvailSlot else { return nil }
    let head = Int(snapshot.value(.availRing(slot)))
    return head < size && snapshot.owner(of: head) == .device ? head : nil
  }

  /// The id in used slot `slot` when the slot holds an entry the driver has not reclaimed yet.
  func liveUsed(_ slot: Int) -> Int? {
    let end = max(snapshot.deviceUsedIdx &- lastUsedIdx, snapshot.usedIdx &- lastUsedIdx)
    guard inRange(slot, from: lastUsedIdx, count: end) else { return nil }
    let id = Int(snapshot.value(.usedRingID(slot)))
    return id < size ? id : nil
  }

  /// The row of the column that shows descriptor `i`, if it is shown by itself.
  func row(of descriptor: Int, in rows: [DescRow]) -> Int? { rows.firstIndex(of: .descriptor(descriptor)) }
}
