import TermGrid
import VirtioCore

extension SplitRingPicture {
  typealias Piece = SummaryLine.Piece

  func drawVariants(_ variants: [[Piece]], at y: Int, inner: Rect, into grid: inout CellGrid) {
    SummaryLine(touches: touches, context: context).draw(variants, at: y, inner: inner, into: &grid)
  }

  var eventIdx: Bool { snapshot.features.contains(.eventIdx) }

  func drawAvailSummary(at y: Int, inner: Rect, into grid: inout CellGrid) {
    let title = context.writer(.driver).bolded
    let ev = eventIdx ? Style.plain : context.style(.dim)
    let idx = String(snapshot.availIdx), last = String(snapshot.lastAvailIdx)
    let flags = snapshot.value(.availFlags), event = String(snapshot.value(.usedEvent))
    let m = context.symbol("▸", ">"), bar = context.symbol("│", "|")
    drawVariants(
      [
        [
          Piece("avail", nil, title), Piece("  \(bar)idx "), Piece(idx, .availIdx),
          Piece("  \(m)last_avail_idx "), Piece(last, nil, .plain, index: .device),
          Piece("  flags "), Piece(FieldFormat.value(flags, of: .availFlags), .availFlags),
          Piece("  used_event ", nil, ev), Piece(event, .usedEvent, ev),
        ],
        [
          Piece("avail", nil, title), Piece(" \(bar)idx "), Piece(idx, .availIdx), Piece(" \(m)dev "),
          Piece(last, nil, .plain, index: .device), Piece(" fl "), Piece(String(flags), .availFlags),
          Piece(" used_ev ", nil, ev), Piece(event, .usedEvent, ev),
        ],
        [
          Piece("avail", nil, title), Piece(" \(bar)"), Piece(idx, .availIdx), Piece(" \(m)"),
          Piece(last, nil, .plain, index: .device), Piece(" fl "), Piece(String(flags), .availFlags),
          Piece(" ue ", nil, ev), Piece(event, .usedEvent, ev),
        ],
      ], at: y, inner: inner, into: &grid)
  }

  /// The used ring's line; with `listEntries` (no used column) also its live entries, `id:len`.
  func drawUsedSummary(at y: Int, inner: Rect, listEntries: Bool, into grid: inout CellGrid) {
    let title = context.writer(.device).bolded
    let ev = eventIdx ? Style.plain : context.style(.dim)
    let idx = String(snapshot.usedIdx), last = String(lastUsedIdx)
    let flags = snapshot.value(.usedFlags), event = String(snapshot.value(.availEvent))
    let m = context.symbol("▸", ">"), bar = context.symbol("│", "|")
    var entries: [Piece] = []
    if listEntries {
      // The live entries, and the one the step is writing before used.idx makes it live.
      var slots: [Int] = []
      let count = min(Int(max(snapshot.deviceUsedIdx, snapshot.usedIdx) &- lastUsedIdx), size, 4)
      for k in 0..<count { slots.append(layout.slot(lastUsedIdx &+ UInt16(k))) }
      if let touched = touches.focusUsedSlot, !slots.contains(touched) { slots.append(touched) }
      for s in slots {
        let base = liveUsed(s) != nil ? context.style(.descUsed) : context.style(.dim)
        entries += [
          Piece(" "), Piece(String(snapshot.value(.usedRingID(s))), .usedRingID(s), base), Piece(":", nil, base),
          Piece(String(snapshot.value(.usedRingLen(s))), .usedRingLen(s), base),
        ]
      }
    }
    drawVariants(
      [
        [
          Piece("used", nil, title), Piece("   \(bar)idx "), Piece(idx, .usedIdx),
          Piece("  \(m)last_used_idx "), Piece(last, nil, .plain, index: .driver),
          Piece("   flags "), Piece(FieldFormat.value(flags, of: .usedFlags), .usedFlags),
          Piece("  avail_event ", nil, ev), Piece(event, .availEvent, ev),
        ] + entries,
        [
          Piece("used", nil, title), Piece(" \(bar)idx "), Piece(idx, .usedIdx), Piece(" \(m)drv "),
          Piece(last, nil, .plain, index: .driver), Piece(" fl "), Piece(String(flags), .usedFlags),
          Piece(" avail_ev ", nil, ev), Piece(event, .availEvent, ev),
        ] + entries,
        [
          Piece("used", nil, title), Piece(" \(bar)"), Piece(idx, .usedIdx), Piece(" \(m)"),
          Piece(last, nil, .plain, index: .driver), Piece(" ae ", nil, ev), Piece(event, .availEvent, ev),
        ] + entries,
      ], at: y, inner: inner, into: &grid)
  }

  /// What the marks mean, on two rows: now (each writer's glyph)/earlier and the index glyphs; who writes which part,
  /// each writer with its glyph.
  func drawLegend(at y: Int, inner: Rect, into grid: inout CellGrid) {
    let dim = context.style(.dim)
    var first = LineBuilder()
    first.add(context.nowGlyph(.driver), context.now(.driver))
    first.add(context.nowGlyph(.device), context.now(.device))
    first.add("now ", dim)
    first.add("earlier", context.earlier(.driver))
    first.add(" in step  ", dim)
    first.add(context.symbol("▸", ">"), context.style(.paneTitle))
    first.add(" next to take  ", dim)
    first.add(context.symbol("│", "|"), context.style(.paneTitle))
    first.add(" next to fill", dim)
    first.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
    var second = LineBuilder()
    second.add(context.nowGlyph(.driver) + "driver writes", context.writer(.driver).bolded)
    second.add(" avail, desc, R bufs  ", dim)
    second.add(context.nowGlyph(.device) + "device writes", context.writer(.device).bolded)
    second.add(" used, W bufs", dim)
    second.draw(at: Point(x: inner.x, y: y + 1), limit: inner.width, into: &grid, ellipsis: context.text("…"))
  }
}

extension Style {
  /// This style, bold.
  var bolded: Style {
    var s = self
    s.bold = true
    return s
  }
}
