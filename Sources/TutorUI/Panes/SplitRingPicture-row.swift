import TermGrid
import VirtioCore

extension SplitRingPicture {
  /// The avail ring as a row of slots over the descriptor table: the slot numbers with the device's
  /// `last_avail_idx` (`▸`, next to take) and the driver's `avail.idx` (`│`, next to fill) before theirs, and under
  /// them the heads; each live slot drops a line that turns in a band row of its own, runs down a lane of the
  /// gutter left of the table and enters its head descriptor's row with `▶`. Bands go top to bottom in slot order
  /// (so no line crosses another's drop) and lanes right to left in head-row order (so no line crosses another
  /// where it enters the table); the only crossings are a band passing over an earlier lane (`┼`).
  struct AvailRow {
    /// The slots shown, left to right (nil: `…` for slots left out).
    var slots: [Int?]
    /// Cells per slot: the two marker cells, then the number or head.
    var cellWidth: Int
    /// Digits of the number and head column of a cell.
    var valueWidth: Int
    /// The first cell's column.
    var x: Int

    /// The column of cell `k`.
    func cellX(_ k: Int) -> Int { x + k * cellWidth }
    /// The column a live slot's line drops from: under the head's last digit.
    func dropX(_ k: Int) -> Int { cellX(k) + 2 + valueWidth - 1 }
  }

  /// The most slot-to-head lines a row draws (each takes a band row and a lane); further live slots keep their
  /// value, as the column layout does past its four lanes.
  static let rowLinkLimit = 8
  /// Columns left of the row for its labels and the gutter's lanes (the lanes are left of every drop).
  static let rowIndent = rowLinkLimit + 2

  /// Whether the avail ring is drawn as a row: with the rows for it (at 120×40 and larger); at 80×24 it is the
  /// column beside the table that follows the active chain.
  func availRowFits(_ inner: Rect) -> Bool { inner.height >= 18 && inner.width >= 56 }

  /// The row's slots in `inner`: every slot when they fit, else a window around ``availFocus``.
  func availRow(in inner: Rect) -> AvailRow {
    let x = inner.x + Self.rowIndent
    let room = max(1, inner.maxX - x)
    var width = PaneFormat.digits(max(0, size - 1))
    var slots: [Int?] = []
    for _ in 0..<2 {
      slots = PaneFormat.window(count: size, slots: max(1, room / (width + 3)), focus: availFocus)
      let widest = slots.compactMap { $0 }.map { String(snapshot.value(.availRing($0))).count }.max() ?? 1
      if widest <= width { break }
      width = widest
    }
    return AvailRow(slots: slots, cellWidth: width + 3, valueWidth: width, x: x)
  }

  /// The row's lines: for each cell whose slot is live and whose head has a row of its own in `rows`, the cell
  /// and that row, nearest the focus first when there are more than ``rowLinkLimit``, then in cell order.
  func availRowLinks(_ row: AvailRow, _ rows: [DescRow]) -> [(cell: Int, descRow: Int)] {
    var links: [(cell: Int, descRow: Int)] = []
    for (k, slot) in row.slots.enumerated() {
      guard let slot, let head = linkedHead(slot), let t = self.row(of: head, in: rows) else { continue }
      links.append((k, t))
    }
    if links.count > Self.rowLinkLimit {
      let focus = row.slots.firstIndex(of: availFocus) ?? 0
      links = Array(links.sorted { abs($0.cell - focus) < abs($1.cell - focus) }.prefix(Self.rowLinkLimit))
      links.sort { $0.cell < $1.cell }
    }
    return links
  }

  /// Draws the slot numbers (with the markers) at `y` and the heads at `y + 1`.
  func drawAvailRow(_ row: AvailRow, at y: Int, inner: Rect, into grid: inout CellGrid) {
    let dim = context.style(.dim)
    grid.put("slot", at: Point(x: inner.x, y: y), style: dim, clip: inner)
    grid.put("head", at: Point(x: inner.x, y: y + 1), style: context.writer(.driver), clip: inner)
    let published = snapshot.publishedIdx ?? snapshot.availIdx
    for (k, slot) in row.slots.enumerated() {
      let cx = row.cellX(k)
      guard let s = slot else {
        grid.put(context.text("…"), at: Point(x: cx + 2, y: y), style: dim, clip: inner)
        continue
      }
      drawSlotMarkers(s, consumer: snapshot.lastAvailIdx, producer: snapshot.availIdx, side: .device, x: cx, y: y, inner: inner, into: &grid)
      grid.put(PaneFormat.right(String(s), row.valueWidth), at: Point(x: cx + 2, y: y), style: dim, clip: inner)
      var base = dim
      if inRange(s, from: snapshot.lastAvailIdx, count: published &- snapshot.lastAvailIdx) {
        base = context.style(.descAvail)
      } else if inRange(s, from: published, count: availShadow &- published) {
        base = context.style(.descDriver)
      }
      let head = PaneFormat.right(String(snapshot.value(.availRing(s))), row.valueWidth)
      putValue(head, field: .availRing(s), base: base, x: cx + 2, y: y + 1, clip: inner, into: &grid)
    }
  }

  /// The lines from the live slots (heads at `valuesY`) to their head rows (the table's first row at `top`): link
  /// `i` turns at band row `valuesY + 1 + i`; the link entering the highest row takes the lane nearest the table.
  func drawAvailRowLinks(
    _ links: [(cell: Int, descRow: Int)], _ row: AvailRow, _ plan: Plan, valuesY: Int, top: Int, inner: Rect,
    into grid: inout CellGrid
  ) {
    guard !links.isEmpty else { return }
    var wires = WireCanvas()
    let style = context.writer(.driver)
    let arrowX = inner.x + plan.descX - 1
    let byRow = links.indices.sorted { links[$0].descRow < links[$1].descRow }
    for (i, link) in links.enumerated() {
      let rank = byRow.firstIndex(of: i) ?? 0
      let lane = arrowX - 1 - rank
      let drop = Point(x: row.dropX(link.cell), y: valuesY + 1)
      let band = Point(x: drop.x, y: valuesY + 1 + i)
      let turn = Point(x: lane, y: band.y)
      let end = Point(x: lane, y: top + link.descRow)
      wires.stub(drop, towardsNorth: true, style: style)
      wires.segment(drop, band, style: style)
      wires.segment(band, turn, style: style)
      wires.segment(turn, end, style: style)
      wires.segment(end, Point(x: arrowX, y: end.y), style: style)
      wires.arrow(at: Point(x: arrowX, y: end.y), left: false, style: style)
    }
    wires.paint(into: &grid, clip: inner, unicode: context.capabilities.unicode)
  }
}
