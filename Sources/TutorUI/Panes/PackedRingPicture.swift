import TermGrid
import VirtioCore

/// The packed virtqueue in the split picture's language, drawn from the engine's ``PackedSnapshot``: the one ring
/// as a column of slots, each with its AVAIL and USED bits, id, len, addr and the other flags, which side's marking
/// the bits show (`drv`/`dev`) and what the slot means now (`avail`, `in use`, `used`, `stale` for bits left
/// from an earlier lap, in bold so it shows without colour); `drv▸` and `dev▸` mark the driver's and the device's
/// next slot (their wrap counters are on the summary lines, with the used positions and both event structures);
/// a NEXT bus joins the slots of each outstanding chain, and each slot of a chain points at its buffer box (a used
/// slot instead points back with what its used descriptor says: `◀─[id 1 back · 500 B]`). An
/// INDIRECT slot opens its table below it: the table's own `pvirtq_desc` entries (├ 0, ├ 1, └ 2), read from guest
/// memory, each with its len, addr, flags and buffer box (2.8.8: only WRITE is meaningful inside a table).
///
/// ```
/// driver ▸0 wrap 0 · last_used 0 wrap 1
/// device ▸0 wrap 0 · used 0 wrap 1
///     # A U id len addr   fl by  state
/// drv▸0 1 0  0  16 0x2000 W  drv avail    ─▶[W 16]
///     1 1 0  1  16 0x3000 N  drv avail  ─┐ ─▶[R 16]
///     2 1 0  1 512 0x3100 W  drv stale    …
/// ```
public struct PackedRingPicture {
  let snapshot: PackedSnapshot
  let memory: GuestMemoryView
  let touches: RingTouches
  let context: PictureContext
  let size: Int

  /// A picture of `snapshot` (buffer bytes read from `memory`), marking what `touches` says the step did.
  public init(snapshot: PackedSnapshot, memory: GuestMemoryView, touches: RingTouches = RingTouches(), context: PictureContext) {
    self.snapshot = snapshot
    self.memory = memory
    self.touches = touches
    self.context = context
    size = snapshot.layout.size
  }

  /// A row: slot `i`, entry `k` of the indirect table under slot `i`, empty slots `a...b` collapsed, or `…`.
  enum Row: Equatable {
    case slot(Int)
    case entry(slot: Int, Int, last: Bool)
    case empty(Int, Int)
    case gap
  }

  /// Every slot when they fit; else runs of empty slots collapsed; else a window around the slot the step
  /// touched (else the driver's next slot) that keeps both sides' next slots in view too (``PaneFormat/window(count:limit:focus:keep:)``).
  func rows(limit: Int) -> [Row] {
    guard limit > 0 else { return [] }
    if size <= limit {
      let all = withTables((0..<size).map(Row.slot))
      if all.count <= limit { return all }
    }
    let focus = touches.focusDescriptor ?? snapshot.driverNext.slot
    var rows: [Row] = []
    var i = 0
    while i < size {
      var j = i
      while j < size && snapshot.slots[j].state == .empty && j != focus { j += 1 }
      if j - i >= 2 {
        rows.append(.empty(i, j - 1))
        i = j
      } else {
        rows.append(.slot(i))
        i += 1
      }
    }
    rows = withTables(rows)
    if rows.count <= limit { return rows }
    func row(of slot: Int) -> Int? {
      rows.firstIndex { row in
        switch row {
        case .slot(let s): return s == slot
        case .empty(let a, let b): return a <= slot && slot <= b
        case .entry, .gap: return false
        }
      }
    }
    let at = row(of: focus) ?? 0
    let keep = [snapshot.driverNext.slot, snapshot.deviceNext.slot].compactMap(row(of:))
    return PaneFormat.window(count: rows.count, limit: limit, focus: at, keep: keep).map { $0.map { rows[$0] } ?? .gap }
  }

  /// At most this many rows of one indirect table are opened (a larger table shows its first entries and its last).
  static let tableRows = 8

  /// `rows` with the entries of each outstanding chain's indirect table below its INDIRECT slot.
  func withTables(_ rows: [Row]) -> [Row] {
    var out: [Row] = []
    for row in rows {
      out.append(row)
      guard case .slot(let i) = row, let table = table(at: i) else { continue }
      let shown = table.count <= Self.tableRows ? Array(0..<table.count) : Array(0..<(Self.tableRows - 1)) + [table.count - 1]
      out += shown.map { Row.entry(slot: i, $0, last: $0 == table.count - 1) }
    }
    return out
  }

  /// The indirect table of the outstanding chain whose first slot is `i`.
  func table(at i: Int) -> DescriptorChain.IndirectTable? {
    guard snapshot.slots.indices.contains(i), let id = snapshot.slots[i].chain,
      let chain = snapshot.chains.first(where: { $0.id == id }), chain.slots.first == i
    else { return nil }
    return chain.indirectTable
  }

  /// Entry `k` of the table under slot `i`, as it is in guest memory (nil when the table is outside it).
  func entry(slot i: Int, _ k: Int) -> PackedDescriptor? {
    guard let table = table(at: i), k < table.count else { return nil }
    let (offset, overflow) = UInt64(k).multipliedReportingOverflow(by: PackedDescriptor.size)
    guard !overflow, case let (address, o) = table.address.addingReportingOverflow(offset), !o,
      let bytes = try? memory.read(at: address, count: Int(PackedDescriptor.size))
    else { return nil }
    return PackedDescriptor(bytes: bytes)
  }

  /// Draws the picture inside `inner` (no box of its own).
  public func draw(in inner: Rect, into grid: inout CellGrid) {
    let inner = inner.intersection(grid.bounds)
    guard inner.width > 0, inner.height > 0 else { return }
    let summary = summaryHeight(width: inner.width)
    // The column header whenever it costs no slot row (or the pane is tall enough that a row less is fine).
    let room = inner.height - summary
    let header = inner.height >= 12 || (room >= 2 && rows(limit: room).count < room) ? 1 : 0
    let shown = rows(limit: max(1, room - header))
    var y = inner.y
    drawSummary(at: y, inner: inner, into: &grid)
    y += summary
    let columns = Columns.make(self, rows: shown, width: inner.width)
    if header == 1 {
      drawHeader(columns, at: y, inner: inner, into: &grid)
      y += 1
    }
    drawRows(shown, columns, top: y, inner: inner, into: &grid)
    let spare = inner.maxY - (y + shown.count)
    if inner.width >= 56 && spare >= 1 {
      let rows = spare >= 4 ? 3 : (spare >= 3 ? 2 : 1)
      drawLegend(at: inner.maxY - rows, rows: rows, inner: inner, into: &grid)
    }
  }

  // MARK: - Marks

  func style(_ field: PackedField, base: Style) -> Style {
    guard let mark = touches.mark(.packed(field)) else { return base }
    return mark.now ? context.now(mark.writer) : context.earlier(mark.writer)
  }

  /// Puts `text` at `x` in `field`'s style, with the now glyph before it while it is the current event's.
  func putValue(_ text: String, field: PackedField, base: Style, x: Int, y: Int, clip: Rect, into grid: inout CellGrid) {
    grid.put(text, at: Point(x: x, y: y), style: style(field, base: base), clip: clip)
    if touches.mark(.packed(field))?.now == true, let role = touches.currentRole {
      grid.put(context.nowGlyph(role), at: Point(x: x - 1, y: y), style: context.now(role), clip: clip)
    }
  }

  /// The word and role of a slot's state.
  static func word(_ state: PackedSnapshot.State) -> (String, ThemeRole) {
    switch state {
    case .empty: return ("empty", .descFree)
    case .beingBuilt: return ("building", .descDriver)
    case .available: return ("avail", .descAvail)
    case .inFlight: return ("in use", .descInUse)
    case .used: return ("used", .descUsed)
    case .stale: return ("stale", .warning)
    }
  }
}
