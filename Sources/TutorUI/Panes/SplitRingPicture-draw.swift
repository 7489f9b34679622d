import TermGrid
import VirtioCore

extension SplitRingPicture {
  // MARK: - Buffer boxes

  /// The buffer box of a descriptor row (after its `─▶`), in `form`; empty for free descriptors and other rows.
  func bufferText(_ row: DescRow, _ form: BufferForm) -> LineBuilder {
    var line = LineBuilder()
    guard form != .none else { return line }
    let d: QueueSnapshot.Descriptor
    let source: RingField
    switch row {
    case .descriptor(let i):
      d = snapshot.descriptor(i)
      guard d.owner != .free || snapshot.beingBuilt.contains(i) else { return line }
      if let table = tables[i] {
        let dim = context.style(.dim)
        switch form {
        case .bytes(_, let address):
          line.add(context.text("──[table · \(table.count) × 16 B" + (address ? " @" + hex(table.address) : "") + "]"), dim)
        case .short: line.add(context.text("──[table \(table.count)]"), dim)
        default: line.add("──T\(table.count)", dim)
        }
        return line
      }
      source = .descriptor(i, .addr)
    case .entry(let head, let k, _):
      guard let entry = entry(head: head, k), let table = tables[head] else { return line }
      d = entry
      source = .indirect(table: table.address, k, .addr)
    default:
      return line
    }
    let writable = d.flags.contains(.write)
    let rw = writable ? "W" : "R"
    let base = context.style(writable ? .device : .driver)
    let style = bufferStyle(d.address, base: base)
    line.add(context.text("─▶"), context.style(.dim))
    switch form {
    case .bytes(let n, let address):
      let buffer = DescriptorChain.Buffer(address: d.address, length: d.length, isWritable: writable, source: source)
      let bytes = snapshot.firstBytes(of: buffer, count: n)
      var text = "[\(rw) \(d.length)" + (address ? " @" + hex(d.address) : "")
      if !bytes.isEmpty { text += " " + bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(separator: " ") }
      if Int(d.length) > bytes.count && !bytes.isEmpty { text += "…" }
      line.add(context.text(text + "]"), style)
    case .short: line.add("[\(rw) \(d.length)]", style)
    case .tiny: line.add("\(rw)\(d.length)", style)
    case .none: break
    }
    return line
  }

  /// A buffer's style: "now"/"earlier" when the step wrote data at its address, else `base`.
  func bufferStyle(_ address: GuestAddress, base: Style) -> Style {
    if case .buffer(let a, _)? = touches.current, a == address { return style(touches.current!, base: base) }
    for field in touches.earlier.keys { if case .buffer(let a, _) = field, a == address { return style(field, base: base) } }
    return base
  }

  // MARK: - Rows

  func drawHeader(_ plan: Plan, at y: Int, inner: Rect, into grid: inout CellGrid) {
    let x = inner.x
    if !plan.rowMode { grid.put("avail", at: Point(x: x + plan.x0, y: y), style: context.writer(.driver), clip: inner) }
    grid.put("desc", at: Point(x: x + plan.descX, y: y), style: context.writer(.driver), clip: inner)
    // The label only where the buffer column is wide enough for it (nothing in flight: a narrow column).
    if plan.buffer != .none, plan.bufferW >= "buffers".count + 2 {
      grid.put("buffers", at: Point(x: x + plan.bufferX + 2, y: y), style: context.style(.dim), clip: inner)
    }
    if plan.showUsed { grid.put("used", at: Point(x: x + plan.usedX, y: y), style: context.writer(.device), clip: inner) }
  }

  func drawBody(
    _ plan: Plan, descRows: [DescRow], availRows: [SlotRow], usedRows: [SlotRow], top: Int, inner: Rect,
    into grid: inout CellGrid
  ) {
    let x = inner.x
    let dim = context.style(.dim)
    var wires = WireCanvas()
    for (r, row) in availRows.enumerated() {
      let y = top + r
      guard case .slot(let s) = row else {
        grid.put(context.text("…"), at: Point(x: x + plan.x0 + 2, y: y), style: dim, clip: inner)
        continue
      }
      drawSlotMarkers(s, consumer: snapshot.lastAvailIdx, producer: snapshot.availIdx, side: .device, x: x + plan.x0, y: y, inner: inner, into: &grid)
      grid.put(PaneFormat.right(String(s), plan.slotW), at: Point(x: x + plan.x0 + 2, y: y), style: dim, clip: inner)
      var base = dim
      let published = snapshot.publishedIdx ?? snapshot.availIdx
      if inRange(s, from: snapshot.lastAvailIdx, count: published &- snapshot.lastAvailIdx) {
        base = context.style(.descAvail)
      } else if inRange(s, from: published, count: availShadow &- published) {
        base = context.style(.descDriver)
      }
      let head = PaneFormat.right(String(snapshot.value(.availRing(s))), plan.headW)
      putValue(head, field: .availRing(s), base: base, x: x + plan.x0 + 3 + plan.slotW, y: y, clip: inner, into: &grid)
    }
    for (link, lane) in plan.availLinks {
      guard link.from == link.to || lane != nil else { continue }
      wires.link(
        from: Point(x: x + plan.chanAX, y: top + link.from), to: Point(x: x + plan.descX - 1, y: top + link.to),
        lane: x + plan.chanAX + 1 + (lane ?? 0), style: context.writer(.driver))
    }
    for (r, row) in descRows.enumerated() {
      drawDescRow(row, plan, y: top + r, inner: inner, into: &grid)
      let buffer = bufferText(row, plan.buffer)
      buffer.draw(at: Point(x: x + plan.bufferX, y: top + r), limit: max(0, inner.maxX - x - plan.bufferX), into: &grid, ellipsis: "")
    }
    for bus in plan.buses {
      let lane = x + plan.gutterX + 1 + bus.lane
      let style = context.writer(.driver)
      for r in bus.rows {
        let stub = Point(x: x + plan.gutterX, y: top + r)
        wires.segment(stub, Point(x: lane, y: top + r), style: style)
        if r == bus.head {
          wires.stub(stub, towardsWest: true, style: style)
        } else {
          wires.arrow(at: stub, left: true, style: style)
        }
      }
      wires.segment(Point(x: lane, y: top + bus.rows.min()!), Point(x: lane, y: top + bus.rows.max()!), style: style)
    }
    drawStrayLinks(plan, top: top, x: x, wires: &wires)
    if plan.showUsed { drawUsedColumn(plan, usedRows, descRows: descRows, top: top, inner: inner, wires: &wires, into: &grid) }
    wires.paint(into: &grid, clip: inner, unicode: context.capabilities.unicode)
  }

  /// The stray NEXT links (a loop back, a jump out of the chain) in the error style, each in its own lane right of
  /// the buses: along its row to the lane, along the lane to the target's row, into it with `◀` (a descriptor
  /// pointing at itself: `─◀` on its own row).
  func drawStrayLinks(_ plan: Plan, top: Int, x: Int, wires: inout WireCanvas) {
    let style = context.style(.error)
    let onBus = Set(plan.buses.flatMap(\.rows))
    for (k, link) in plan.strays.enumerated() {
      let arrowX = x + plan.gutterX + 1 + plan.busLanes + 2 * k
      let laneX = arrowX + 1
      let (from, to) = (top + link.from, top + link.to)
      let start = Point(x: x + plan.gutterX, y: from)
      if !onBus.contains(link.from) { wires.stub(start, towardsWest: true, style: style) }
      guard from != to else {
        wires.segment(start, Point(x: arrowX, y: from), style: style)
        wires.arrow(at: Point(x: arrowX, y: from), left: true, style: style)
        continue
      }
      wires.segment(start, Point(x: laneX, y: from), style: style)
      wires.segment(Point(x: laneX, y: from), Point(x: laneX, y: to), style: style)
      wires.segment(Point(x: arrowX, y: to), Point(x: laneX, y: to), style: style)
      wires.arrow(at: Point(x: arrowX, y: to), left: true, style: style)
    }
  }

  func drawSlotMarkers(
    _ s: Int, consumer: UInt16, producer: UInt16, side: Role, x: Int, y: Int, inner: Rect, into grid: inout CellGrid
  ) {
    if s == layout.slot(consumer) { grid.put(context.symbol("▸", ">"), at: Point(x: x, y: y), style: indexStyle(side), clip: inner) }
    if s == layout.slot(producer) {
      grid.put(context.symbol("│", "|"), at: Point(x: x + 1, y: y), style: context.style(.paneTitle), clip: inner)
    }
  }

  func drawDescRow(_ row: DescRow, _ plan: Plan, y: Int, inner: Rect, into grid: inout CellGrid) {
    let x = inner.x + plan.descX
    let dim = context.style(.dim)
    switch row {
    case .gap:
      grid.put(context.text("…"), at: Point(x: x, y: y), style: dim, clip: inner)
    case .free(let a, let b):
      grid.put("\(a)\(context.symbol("–", "-"))\(b) free", at: Point(x: x, y: y), style: context.style(.descFree), clip: inner)
    case .descriptor(let i):
      let d = snapshot.descriptor(i)
      let state = DescriptorState(d.owner)
      let values = d.owner == .free ? context.style(.descFree) : Style.plain
      grid.put(PaneFormat.right(String(i), plan.idxW), at: Point(x: x, y: y), style: context.style(state.role), clip: inner)
      let outOfRange = nextOutOfRange(i)
      drawFields(d, fields: { .descriptor(i, $0) }, base: values, plan, nextMark: outOfRange, x: x, y: y, inner: inner, into: &grid)
      if outOfRange {
        // `next` past the table: `!` right after the value (the plan widened the column for it), in the error style.
        let end = x + plan.idxW + 1 + plan.addrW + 1 + plan.lenW + 1 + plan.flagsW + 1 + plan.nextW
        grid.put("!", at: Point(x: end - 1, y: y), style: context.style(.error), clip: inner)
      }
      if plan.showState {
        grid.put(state.word, at: Point(x: x + plan.descW - 6, y: y), style: context.style(state.role), clip: inner)
      }
    case .entry(let head, let k, let last):
      guard let d = entry(head: head, k), let table = tables[head] else { return }
      let border = context.symbol(last ? "└" : "├", last ? "`" : "|")
      grid.put(border, at: Point(x: x, y: y), style: dim, clip: inner)
      grid.put(PaneFormat.right(String(k), plan.idxW - 1), at: Point(x: x + 1, y: y), style: Style.plain, clip: inner)
      drawFields(d, fields: { .indirect(table: table.address, k, $0) }, base: .plain, plan, x: x, y: y, inner: inner, into: &grid)
    }
  }

  /// addr, len, flags and next of a descriptor or table entry, each in its field's style.
  func drawFields(
    _ d: QueueSnapshot.Descriptor, fields: (DescriptorPart) -> RingField, base: Style, _ plan: Plan,
    nextMark: Bool = false, x: Int, y: Int, inner: Rect, into grid: inout CellGrid
  ) {
    var cx = x + plan.idxW + 1
    let flags = plan.compactFlags ? Self.letters(d.flags) : d.flags.description
    let cells: [(String, DescriptorPart, Int, Bool)] = [
      (hex(d.address), .addr, plan.addrW, false), (String(d.length), .len, plan.lenW, true),
      (flags, .flags, plan.flagsW, false), (String(d.next), .next, plan.nextW - (nextMark ? 1 : 0), true),
    ]
    for (text, part, width, right) in cells {
      let pad = max(0, width - text.count)
      putValue(text, field: fields(part), base: base, x: cx + (right ? pad : 0), y: y, clip: inner, into: &grid)
      cx += width + 1 + (part == .next && nextMark ? 1 : 0)
    }
  }

  func drawUsedColumn(
    _ plan: Plan, _ rows: [SlotRow], descRows: [DescRow], top: Int, inner: Rect, wires: inout WireCanvas,
    into grid: inout CellGrid
  ) {
    let x = inner.x + plan.usedX
    let dim = context.style(.dim)
    for (r, row) in rows.enumerated() {
      let y = top + r
      guard case .slot(let s) = row else {
        grid.put(context.text("…"), at: Point(x: x + 2, y: y), style: dim, clip: inner)
        continue
      }
      drawSlotMarkers(s, consumer: lastUsedIdx, producer: snapshot.usedIdx, side: .driver, x: x, y: y, inner: inner, into: &grid)
      grid.put(PaneFormat.right(String(s), plan.slotW), at: Point(x: x + 2, y: y), style: dim, clip: inner)
      let base = liveUsed(s) != nil ? context.style(.descUsed) : dim
      let id = PaneFormat.right(String(snapshot.value(.usedRingID(s))), plan.idW)
      let idX = x + 3 + plan.slotW
      putValue(id, field: .usedRingID(s), base: base, x: idX, y: y, clip: inner, into: &grid)
      grid.put(":", at: Point(x: idX + plan.idW, y: y), style: base, clip: inner)
      putValue(String(snapshot.value(.usedRingLen(s))), field: .usedRingLen(s), base: base, x: idX + plan.idW + 1, y: y, clip: inner, into: &grid)
    }
    for (link, lane) in plan.usedLinks {
      guard link.from == link.to || lane != nil else { continue }
      let end = inner.x + plan.bufferX + bufferText(descRows[link.to], plan.buffer).width
      wires.link(
        from: Point(x: x - 1, y: top + link.from), to: Point(x: end, y: top + link.to),
        lane: x - 2 - (lane ?? 0), style: context.writer(.device))
    }
  }
}
