import TermGrid
import VirtioCore

extension SplitRingPicture {
  /// How a buffer box is spelled, roomiest first.
  enum BufferForm: Equatable {
    /// `[R 64 @0x2000 68 65 6c 6c]` with up to `bytes` bytes (and the address when `address`).
    case bytes(Int, address: Bool)
    /// `[R 64]`.
    case short
    /// `R64`.
    case tiny
    /// No buffer column.
    case none
  }

  /// Where each column of the diagram goes, and the lanes of its links.
  struct Plan {
    var x0 = 0
    var slotW = 1, headW = 1
    var chanAW = 2
    var idxW = 1, addrW = 3, lenW = 1, flagsW = 1, nextW = 1
    var compactFlags = true
    var showState = true
    var lanesN = 0
    var buffer = BufferForm.none
    var bufferW = 0
    var showUsed = true
    /// The avail ring is a row above the table (``SplitRingPicture/AvailRow``): no avail column, and the channel
    /// before the table holds the row's lanes.
    var rowMode = false
    var chanUW = 2
    var idW = 1, ulenW = 1
    var availLinks: [(LaneAssigner.Link, Int?)] = []
    var usedLinks: [(LaneAssigner.Link, Int?)] = []
    var buses: [(rows: [Int], head: Int, lane: Int)] = []
    /// Lanes of the NEXT buses; the stray NEXT links (``SplitRingPicture/strayLinks(_:)``) take two columns each after
    /// them (the arrow's and the lane's).
    var busLanes = 0
    var strays: [(from: Int, to: Int)] = []

    var availW: Int { rowMode ? 0 : 2 + slotW + 1 + headW }
    var chanAX: Int { x0 + availW }
    var descX: Int { chanAX + chanAW }
    var descW: Int { idxW + 1 + addrW + 1 + lenW + 1 + flagsW + 1 + nextW + (showState ? 7 : 0) }
    var gutterX: Int { descX + descW + 1 }
    var gutterW: Int { lanesN > 0 ? 1 + lanesN : 0 }
    var bufferX: Int { gutterX + gutterW + (lanesN > 0 ? 1 : 0) }
    var chanUX: Int { bufferX + bufferW }
    var usedX: Int { chanUX + (showUsed ? chanUW : 0) }
    var usedW: Int { showUsed ? 2 + slotW + 1 + idW + 1 + ulenW : 0 }
    var width: Int { usedX + usedW - x0 }

    /// The plan for these rows in `width` columns; with `rowLinks` (the avail ring drawn as a row, `availRows`
    /// empty) the channel before the table has that many lanes.
    static func make(
      picture p: SplitRingPicture, descRows: [DescRow], availRows: [SlotRow], usedRows: [SlotRow], width: Int,
      rowLinks: Int? = nil
    ) -> Plan {
      var plan = Plan()
      plan.rowMode = rowLinks != nil
      let slots = (availRows + usedRows).compactMap { if case .slot(let s) = $0 { return s } else { return nil } }
      plan.slotW = PaneFormat.digits(slots.max() ?? 0)
      plan.headW = availRows.map { row -> Int in
        guard case .slot(let s) = row else { return 1 }
        return String(p.snapshot.value(.availRing(s))).count
      }.max() ?? 1
      for row in usedRows {
        guard case .slot(let s) = row else { continue }
        plan.idW = max(plan.idW, String(p.snapshot.value(.usedRingID(s))).count)
        plan.ulenW = max(plan.ulenW, String(p.snapshot.value(.usedRingLen(s))).count)
      }
      // Links and their lanes.
      var links: [LaneAssigner.Link] = []
      for (r, row) in availRows.enumerated() {
        if case .slot(let s) = row, let head = p.linkedHead(s), let t = p.row(of: head, in: descRows) {
          links.append(LaneAssigner.Link(from: r, to: t))
        }
      }
      let availLanes = LaneAssigner.assign(links, limit: 4)
      plan.availLinks = Array(zip(links, availLanes))
      plan.chanAW = (rowLinks ?? LaneAssigner.count(availLanes)) + 2
      links = []
      for (r, row) in usedRows.enumerated() {
        if case .slot(let s) = row, let id = p.liveUsed(s), let t = p.row(of: id, in: descRows) {
          links.append(LaneAssigner.Link(from: r, to: t))
        }
      }
      let usedLanes = LaneAssigner.assign(links, limit: 4)
      plan.usedLinks = Array(zip(links, usedLanes))
      plan.chanUW = LaneAssigner.count(usedLanes) + 2
      plan.buses = Self.buses(p, descRows)
      plan.busLanes = (plan.buses.map(\.lane).max() ?? -1) + 1
      plan.strays = Array(p.strayLinks(descRows).prefix(2))
      plan.lanesN = plan.busLanes + 2 * plan.strays.count
      // Descriptor columns.
      var idx = 1, addr = 3, len = 1, next = 1, names = 1, letters = 1
      for row in descRows {
        let d: QueueSnapshot.Descriptor
        switch row {
        case .descriptor(let i):
          d = p.snapshot.descriptor(i)
          idx = max(idx, String(i).count)
          if p.nextOutOfRange(i) { next = max(next, String(d.next).count + 1) }
        case .entry(let head, let k, _):
          guard let entry = p.entry(head: head, k) else { continue }
          d = entry
          idx = max(idx, 1 + String(k).count)
        default: continue
        }
        addr = max(addr, hex(d.address).count)
        len = max(len, String(d.length).count)
        next = max(next, String(d.next).count)
        names = max(names, d.flags.description.count)
        letters = max(letters, SplitRingPicture.letters(d.flags).count)
      }
      (plan.idxW, plan.addrW, plan.lenW, plan.nextW) = (idx, addr, len, next)
      plan.x0 = 0
      // The roomiest spelling that fits.
      let forms: [(Bool, Bool, Bool, BufferForm)] = [
        (false, true, true, .bytes(8, address: true)), (true, true, true, .bytes(8, address: true)),
        (true, true, true, .bytes(8, address: false)), (true, true, true, .bytes(4, address: false)),
        (true, true, true, .bytes(2, address: false)), (true, true, false, .bytes(2, address: false)),
        (true, true, true, .short), (true, true, false, .short), (true, false, true, .bytes(4, address: false)),
        (true, false, true, .short), (true, false, false, .short), (true, false, false, .tiny),
        (true, false, false, .none),
      ]
      for (compact, used, state, form) in forms {
        var candidate = plan
        candidate.compactFlags = compact
        candidate.flagsW = compact ? letters : names
        candidate.showUsed = used
        candidate.showState = state
        candidate.buffer = form
        candidate.bufferW = form == .none ? 0 : descRows.indices.map { p.bufferText(descRows[$0], form).width }.max() ?? 0
        plan = candidate
        if candidate.width <= width { break }
      }
      return plan
    }

    /// The NEXT connectors: one vertical bus per chain (or nested table) with more than one visible row.
    static func buses(_ p: SplitRingPicture, _ rows: [DescRow]) -> [(rows: [Int], head: Int, lane: Int)] {
      var groups: [(rows: [Int], head: Int)] = []
      for chain in p.linkedRuns() where chain.count > 1 {
        let found = chain.compactMap { p.row(of: $0, in: rows) }
        if found.count > 1, let head = p.row(of: chain[0], in: rows) { groups.append((found, head)) }
      }
      for (head, _) in p.tables {
        let found = rows.indices.filter { if case .entry(head, _, _) = rows[$0] { return true } else { return false } }
        if found.count > 1 { groups.append((found, found[0])) }
      }
      groups.sort { ($0.rows.min() ?? 0) < ($1.rows.min() ?? 0) }
      var taken: [[ClosedRange<Int>]] = []
      var result: [(rows: [Int], head: Int, lane: Int)] = []
      for group in groups {
        let span = group.rows.min()!...group.rows.max()!
        var lane = 0
        while lane < taken.count && taken[lane].contains(where: { $0.overlaps(span) }) { lane += 1 }
        guard lane < 4 else { continue }
        while taken.count <= lane { taken.append([]) }
        taken[lane].append(span)
        result.append((group.rows, group.head, lane))
      }
      return result
    }
  }

  /// `NW`, `I`, or `-`: the flags as letters.
  static func letters(_ flags: DescriptorFlags) -> String {
    var s = ""
    if flags.contains(.next) { s += "N" }
    if flags.contains(.write) { s += "W" }
    if flags.contains(.indirect) { s += "I" }
    if flags.rawValue & ~7 != 0 { s += "?" }
    return s.isEmpty ? "-" : s
  }

  /// Entry `k` of the indirect table under descriptor `head`, as it is in memory.
  func entry(head: Int, _ k: Int) -> QueueSnapshot.Descriptor? {
    guard let table = tables[head], k < table.count else { return nil }
    let entries = snapshot.entries(of: DescriptorChain.IndirectTable(address: table.address, count: k + 1))
    return entries.last
  }
}
