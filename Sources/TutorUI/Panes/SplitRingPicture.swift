import TermGrid
import VirtioCore

/// The split virtqueue as a linked diagram, drawn from the engine's ``QueueSnapshot`` and what the step touched
/// (``RingTouches``): the avail ring as a row of slots above the table when the pane has the rows for it (120×40 and
/// larger; ``AvailRow``), else as a column on the left, each live slot linked by a line to its head descriptor;
/// the descriptor table in the middle with a NEXT connector along each chain; each descriptor linked to its buffer
/// box (R or W, length, first bytes; an INDIRECT descriptor opens its table's entries as a nested box); the used
/// ring on the right, each entry linked back to its head. `▸` marks the slot a side takes next (the device's
/// `last_avail_idx`, the driver's `last_used_idx`), `│` the slot a side fills next (`avail.idx`, `used.idx`).
///
/// The field the current event writes is "now" (the writer's colour in reverse video, and the writer's glyph before
/// it: `◆` the driver, `●` the device), fields written earlier in the step are bold in the writer's colour; the
/// driver writes the avail ring and the table, the device the used ring, and the legend says so with the glyphs, so
/// the writer is visible without colour too. Small panes
/// follow the active chain (free descriptors collapse into one row; long queues are windowed around the slot and
/// descriptor the step touched); columns drop, in order, buffer bytes, state words and the used ring's column
/// (then summarised on its line).
///
/// ```
/// avail │idx 2 ▸dev 1 fl 0 used_ev 0
///  │0 0 ─▶0 0x2000  64 N  1 ─┐ ─▶[R 64]
/// ▸ 1 2 ┐ 1 0x2040 512 W  0 ◀┘ ─▶[W 512]
///   2 0 └▶2 0x2240 100 -  0    ─▶[R 100]
///       3–7 free
/// used │idx 0 ▸drv 0 fl 0 avail_ev 1
/// ```
public struct SplitRingPicture {
  let snapshot: QueueSnapshot
  let touches: RingTouches
  let context: PictureContext
  let layout: SplitLayout
  let size: Int

  /// A picture of `snapshot`, marking what `touches` says the step did.
  public init(snapshot: QueueSnapshot, touches: RingTouches = RingTouches(), context: PictureContext) {
    self.snapshot = snapshot
    self.touches = touches
    self.context = context
    layout = snapshot.layout
    size = snapshot.layout.size
  }

  /// Draws the picture inside `inner` (no box of its own): the avail ring as a row when there is room for it
  /// (``availRowFits(_:)``), else as a column beside the table.
  public func draw(in inner: Rect, into grid: inout CellGrid) {
    let inner = inner.intersection(grid.bounds)
    guard inner.width > 0, inner.height > 0 else { return }
    if availRowFits(inner) {
      drawWithAvailRow(in: inner, into: &grid)
      return
    }
    let h = inner.height
    let header = h >= 12 ? 1 : 0
    let available = max(1, h - 2 - header)
    // Beside the avail column (80×24) free runs always collapse, so the active chain has the rows.
    let dRows = descRows(limit: available, collapse: true)
    let aRows = slotRows(limit: available, focus: availFocus, keep: availMarks)
    let uRows = slotRows(limit: available, focus: usedFocus, keep: usedMarks)
    let body = max(dRows.count, aRows.count, uRows.count)
    let spare = h - 2 - header - body
    let gap = spare >= 4 ? 1 : 0
    let plan = Plan.make(picture: self, descRows: dRows, availRows: aRows, usedRows: uRows, width: inner.width)
    var y = inner.y
    drawAvailSummary(at: y, inner: inner, into: &grid)
    y += 1 + gap
    if header == 1 {
      drawHeader(plan, at: y, inner: inner, into: &grid)
      y += 1
    }
    drawBody(plan, descRows: dRows, availRows: aRows, usedRows: uRows, top: y, inner: inner, into: &grid)
    y += body + gap
    drawUsedSummary(at: y, inner: inner, listEntries: !plan.showUsed, into: &grid)
    drawFooter(below: y + 1, inner: inner, into: &grid)
  }

  /// The picture with the avail ring as a row of slots (``AvailRow``) above the table: the avail line, the row
  /// (slot numbers with the markers, the heads), one band row per line from a live slot, the column heads, the
  /// table and the used column, the used line, then the memory strip and the legend.
  func drawWithAvailRow(in inner: Rect, into grid: inout CellGrid) {
    let row = availRow(in: inner)
    let live = row.slots.compactMap { $0 }.filter { linkedHead($0) != nil }.count
    // The avail line and a blank, the row, the bands, the column heads, a blank and the used line, the legend.
    func fit(_ bands: Int, spare: Int = 0) -> (available: Int, dRows: [DescRow], links: [(cell: Int, descRow: Int)]) {
      let available = max(1, inner.height - 2 - 2 - bands - 1 - 2 - 2 + spare)
      let dRows = descRows(limit: available)
      return (available, dRows, availRowLinks(row, dRows))
    }
    // A band row per live slot, but no more than the lines drawn: the fewest band rows that hold the lines they
    // leave room for, so the table gets the rest (a queue of 8 with 7 live slots showed desc 0–2 over 5 blank rows).
    let most = min(Self.rowLinkLimit, live)
    var bands = most
    var (available, dRows, links) = fit(most)
    if links.count < most {
      for fewer in links.count..<most {
        let tried = fit(fewer)
        if tried.links.count <= fewer {
          (available, dRows, links) = tried
          bands = fewer
          break
        }
      }
    }
    // A table that would be cut (`…`) takes the spacer rows, the blank under the avail line and the one above the
    // used line, then the legend's two: what points where comes before what the glyphs mean (a queue of 8 with 6
    // chains in flight at 120×40 showed desc 3–7 under `…`). Only when that makes the whole table fit.
    // More of the table in view can mean more links, each with its band row.
    var spare = 0
    if dRows.contains(.gap) {
      search: for rows in 1...4 {
        for b in bands...max(bands, most) {
          let tried = fit(b, spare: rows)
          if tried.links.count <= b && !tried.dRows.contains(.gap) {
            (available, dRows, links) = tried
            spare = rows
            break search
          }
        }
      }
    }
    let uRows = slotRows(limit: available, focus: usedFocus, keep: usedMarks)
    let plan = Plan.make(picture: self, descRows: dRows, availRows: [], usedRows: uRows, width: inner.width, rowLinks: links.count)
    var y = inner.y
    drawAvailSummary(at: y, inner: inner, into: &grid)
    y += spare >= 1 ? 1 : 2
    drawAvailRow(row, at: y, inner: inner, into: &grid)
    let valuesY = y + 1
    y = valuesY + 1 + links.count
    drawHeader(plan, at: y, inner: inner, into: &grid)
    let top = y + 1
    drawBody(plan, descRows: dRows, availRows: [], usedRows: uRows, top: top, inner: inner, into: &grid)
    drawAvailRowLinks(links, row, plan, valuesY: valuesY, top: top, inner: inner, into: &grid)
    y = top + max(dRows.count, uRows.count) + (spare >= 2 ? 0 : 1)
    drawUsedSummary(at: y, inner: inner, listEntries: !plan.showUsed, into: &grid)
    drawFooter(below: y + 1, inner: inner, into: &grid)
  }

  /// From row `y` (the first under the used line): the memory strip when there is room (200×60), and the legend.
  func drawFooter(below y: Int, inner: Rect, into grid: inout CellGrid) {
    let memoryRows = inner.maxY - y - 4
    if inner.width >= 100 && memoryRows >= 6 {
      let strip = Rect(x: inner.x, y: y + 1, width: inner.width, height: memoryRows)
      grid.put("guest memory", at: strip.origin, style: context.style(.paneTitle), clip: inner)
      memoryStrip.draw(in: Rect(x: strip.x, y: strip.y + 1, width: strip.width, height: strip.height - 1), into: &grid)
    }
    if inner.width >= 56 && inner.maxY - y >= 2 { drawLegend(at: inner.maxY - 2, inner: inner, into: &grid) }
  }

  /// The memory strip under the diagram (at 200×60): the ring's bytes by field, the chains' buffers, the
  /// current event's bytes now and the step's earlier writes.
  var memoryStrip: MemoryStrip {
    func range(_ field: RingField) -> Range<GuestAddress>? {
      guard let (address, width) = layout.location(of: field) else { return nil }
      let (end, overflow) = address.addingReportingOverflow(UInt64(max(1, width)))
      return overflow ? nil : address..<end
    }
    let written = touches.earlier.compactMap { field, role in range(field).map { ($0, role) } }
    return MemoryStrip(
      split: snapshot, memory: snapshot.memory, focus: touches.current.flatMap(range), focusRole: touches.currentRole,
      lit: touches.lit, written: written.sorted { $0.0.lowerBound < $1.0.lowerBound }, context: context)
  }

  // MARK: - Marks

  /// The style of a value showing `field`: "now" or "earlier" when the step touched it, else `base`.
  func style(_ field: RingField, base: Style) -> Style {
    guard let mark = touches.mark(field) else { return base }
    return mark.now ? context.now(mark.writer) : context.earlier(mark.writer)
  }

  /// Whether `field` is the current event's, still animating (it gets the writer's glyph).
  func isNow(_ field: RingField) -> Bool { touches.mark(field)?.now == true }

  /// Puts `text` at `x` in `field`'s style, with the now glyph in the cell before it when it is "now".
  func putValue(
    _ text: String, field: RingField?, base: Style, x: Int, y: Int, clip: Rect, into grid: inout CellGrid
  ) {
    let style = field.map { self.style($0, base: base) } ?? base
    let hidden = field != nil && field == touches.concealed
    let shown = hidden ? String(repeating: " ", count: max(0, text.count - 1)) + "?" : text
    grid.put(shown, at: Point(x: x, y: y), style: hidden ? context.style(.strong) : style, clip: clip)
    if let field, isNow(field), let role = touches.currentRole {
      grid.put(context.nowGlyph(role), at: Point(x: x - 1, y: y), style: context.now(role), clip: clip)
    }
  }

  /// The style of a private index marker (`▸`): "now" when the current event moves it.
  func indexStyle(_ side: Role) -> Style {
    if touches.movedIndex == side { return touches.lit ? context.now(side) : context.earlier(side) }
    return context.style(.paneTitle)
  }
}
