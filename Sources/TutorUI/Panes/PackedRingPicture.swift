import TermGrid
import VirtioCore

/// The packed virtqueue in the split picture's language, drawn from the engine's ``PackedSnapshot``: the one ring
/// as a column of slots, each with its AVAIL and USED bits, id, len, addr and the other flags, which side's marking
/// the bits show (`drv`/`dev`) and what the slot means now (`avail`, `in flight`, `used`, `stale` for bits left
/// from an earlier lap, in bold so it shows without colour); `drv▸` and `dev▸` mark the driver's and the device's
/// next slot (their wrap counters are on the summary lines, with the used positions and both event structures);
/// a NEXT bus joins the slots of each outstanding chain, and each slot of a chain points at its buffer box.
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

  /// A row: slot `i`, empty slots `a...b` collapsed, or `…`.
  enum Row: Equatable {
    case slot(Int)
    case empty(Int, Int)
    case gap
  }

  /// Every slot when they fit; else runs of empty slots collapsed; else a window around the slot the step
  /// touched (else the driver's next slot).
  func rows(limit: Int) -> [Row] {
    guard limit > 0 else { return [] }
    if size <= limit { return (0..<size).map(Row.slot) }
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
    if rows.count <= limit { return rows }
    let at = rows.firstIndex { row in
      switch row {
      case .slot(let s): return s == focus
      case .empty(let a, let b): return a <= focus && focus <= b
      case .gap: return false
      }
    } ?? 0
    return PaneFormat.window(count: rows.count, slots: limit, focus: at).map { $0.map { rows[$0] } ?? .gap }
  }

  /// Draws the picture inside `inner` (no box of its own).
  public func draw(in inner: Rect, into grid: inout CellGrid) {
    let inner = inner.intersection(grid.bounds)
    guard inner.width > 0, inner.height > 0 else { return }
    let summary = 3
    let header = inner.height >= 12 ? 1 : 0
    let shown = rows(limit: max(1, inner.height - summary - header))
    var y = inner.y
    drawSummary(at: y, inner: inner, into: &grid)
    y += summary
    let columns = Columns.make(self, rows: shown, width: inner.width)
    if header == 1 {
      drawHeader(columns, at: y, inner: inner, into: &grid)
      y += 1
    }
    drawRows(shown, columns, top: y, inner: inner, into: &grid)
    if inner.width >= 56 && inner.maxY - (y + shown.count) >= 3 {
      drawLegend(at: inner.maxY - 2, inner: inner, into: &grid)
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
      grid.put(context.nowGlyph, at: Point(x: x - 1, y: y), style: context.now(role), clip: clip)
    }
  }

  /// The word and role of a slot's state.
  static func word(_ state: PackedSnapshot.State) -> (String, ThemeRole) {
    switch state {
    case .empty: return ("empty", .descFree)
    case .beingBuilt: return ("building", .descDriver)
    case .available: return ("avail", .descAvail)
    case .inFlight: return ("in flight", .descInUse)
    case .used: return ("used", .descUsed)
    case .stale: return ("stale", .warning)
    }
  }
}
