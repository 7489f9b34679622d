import TermGrid
import VirtioCore

extension RingDrawer {
  // MARK: - Rings

  /// A piece of a ring's summary line: text and the field (or private index) it shows.
  enum Mark {
    case field(RingField)
    case lastAvail, lastUsed, none
  }

  func style(for mark: Mark, base: Style = .plain) -> Style {
    switch mark {
    case .field(let field):
      if let role = model.highlight(field) { return context.style(role) }
    case .lastAvail, .lastUsed:
      if let event = model.event, event.kind == .index, (event.role == .device) == (mark.isLastAvail) {
        return context.style(model.lit ? .current : .changed)
      }
    case .none: break
    }
    return base
  }

  /// Draws the first variant of a summary line that fits, or the last one cut short.
  func drawVariants(_ variants: [[(String, Mark, Style)]], at y: Int, into grid: inout CellGrid) {
    guard y < inner.maxY else { return }
    var chosen = LineBuilder()
    for variant in variants {
      var line = LineBuilder()
      for (text, mark, base) in variant { line.add(context.text(text), style(for: mark, base: base)) }
      chosen = line
      if line.width <= inner.width { break }
    }
    chosen.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
  }

  var eventIdx: Bool { model.queue.negotiated.contains(.eventIdx) }

  func drawAvail(lines: Int, at y: inout Int, into grid: inout CellGrid) {
    let idx = model.value(.availIdx)
    let flags = model.value(.availFlags)
    let event = model.value(.usedEvent)
    let title = context.style(.paneTitle)
    let eventStyle = eventIdx ? Style.plain : context.style(.dim)
    let last = String(model.lastAvailIdx)
    let marker = context.symbol("▸", ">")
    let bar = context.symbol("│", "|")
    drawVariants(
      [
        [
          ("avail", .none, title), ("  \(bar)idx ", .none, .plain), (String(idx), .field(.availIdx), .plain),
          ("  \(marker)last_avail_idx ", .none, .plain), (last, .lastAvail, .plain),
          ("  flags ", .none, .plain), (FieldFormat.value(flags, of: .availFlags), .field(.availFlags), .plain),
          ("  used_event ", .none, eventStyle), (String(event), .field(.usedEvent), eventStyle),
        ],
        [
          ("avail", .none, title), (" \(bar)idx ", .none, .plain), (String(idx), .field(.availIdx), .plain),
          (" \(marker)dev ", .none, .plain), (last, .lastAvail, .plain),
          (" fl ", .none, .plain), (String(flags), .field(.availFlags), .plain),
          (" used_ev ", .none, eventStyle), (String(event), .field(.usedEvent), eventStyle),
        ],
        [
          ("avail", .none, title), (" \(bar)", .none, .plain), (String(idx), .field(.availIdx), .plain),
          (" \(marker)", .none, .plain), (last, .lastAvail, .plain),
          (" fl ", .none, .plain), (String(flags), .field(.availFlags), .plain),
          (" ue ", .none, eventStyle), (String(event), .field(.usedEvent), eventStyle),
        ],
      ], at: y, into: &grid)
    y += 1
    let producer = UInt16(truncatingIfNeeded: idx)
    drawSlots(
      lines: lines - 1, at: &y, touched: model.focusAvailSlot,
      end: further(producer, model.shadowIdx, from: model.lastAvailIdx),
      producer: producer, consumer: model.lastAvailIdx, consumerMark: .lastAvail,
      into: &grid
    ) { slot in
      let head = model.value(.availRing(slot))
      var base = context.style(.dim)
      if inRange(slot, from: model.lastAvailIdx, count: producer &- model.lastAvailIdx) {
        base = context.style(.descAvail)
      } else if inRange(slot, from: producer, count: model.shadowIdx &- producer) {
        base = context.style(.descDriver)
      }
      return [(String(head), .field(.availRing(slot)), base)]
    }
  }

  func drawUsed(lines: Int, at y: inout Int, into grid: inout CellGrid) {
    let idx = model.value(.usedIdx)
    let flags = model.value(.usedFlags)
    let event = model.value(.availEvent)
    let title = context.style(.paneTitle)
    let eventStyle = eventIdx ? Style.plain : context.style(.dim)
    let last = String(model.lastUsedIdx)
    let marker = context.symbol("▸", ">")
    let bar = context.symbol("│", "|")
    drawVariants(
      [
        [
          ("used", .none, title), ("   \(bar)idx ", .none, .plain), (String(idx), .field(.usedIdx), .plain),
          ("  \(marker)last_used_idx ", .none, .plain), (last, .lastUsed, .plain),
          ("   flags ", .none, .plain), (FieldFormat.value(flags, of: .usedFlags), .field(.usedFlags), .plain),
          ("  avail_event ", .none, eventStyle), (String(event), .field(.availEvent), eventStyle),
        ],
        [
          ("used", .none, title), (" \(bar)idx ", .none, .plain), (String(idx), .field(.usedIdx), .plain),
          (" \(marker)drv ", .none, .plain), (last, .lastUsed, .plain),
          (" fl ", .none, .plain), (String(flags), .field(.usedFlags), .plain),
          (" avail_ev ", .none, eventStyle), (String(event), .field(.availEvent), eventStyle),
        ],
        [
          ("used", .none, title), (" \(bar)", .none, .plain), (String(idx), .field(.usedIdx), .plain),
          (" \(marker)", .none, .plain), (last, .lastUsed, .plain),
          (" fl ", .none, .plain), (String(flags), .field(.usedFlags), .plain),
          (" ae ", .none, eventStyle), (String(event), .field(.availEvent), eventStyle),
        ],
      ], at: y, into: &grid)
    y += 1
    let producer = UInt16(truncatingIfNeeded: idx)
    drawSlots(
      lines: lines - 1, at: &y, touched: model.focusUsedSlot,
      end: further(producer, model.deviceUsedIdx, from: model.lastUsedIdx),
      producer: producer, consumer: model.lastUsedIdx, consumerMark: .lastUsed,
      into: &grid
    ) { slot in
      let id = model.value(.usedRingID(slot))
      let len = model.value(.usedRingLen(slot))
      let base =
        inRange(slot, from: model.lastUsedIdx, count: producer &- model.lastUsedIdx)
        ? context.style(.descUsed) : context.style(.dim)
      return [
        (String(id), .field(.usedRingID(slot)), base), (":", .none, base),
        (String(len), .field(.usedRingLen(slot)), base),
      ]
    }
  }

  /// Whether ring slot `slot` holds one of the `count` entries starting at free-running index `start`.
  func inRange(_ slot: Int, from start: UInt16, count: UInt16) -> Bool {
    let n = min(Int(count), size)
    return (slot - model.layout.slot(start) + size) % size < n
  }

  /// Of two free-running indices, the one further ahead of `start`.
  func further(_ a: UInt16, _ b: UInt16, from start: UInt16) -> UInt16 { (a &- start) >= (b &- start) ? a : b }

  /// The slot row (and, with two lines, the slot numbers above it). Each slot is two marker cells then its value:
  /// `│` where the producer writes next, `▸` where the consumer reads next.
  ///
  /// A ring longer than the row shows a window: around the slot the step touched last; else around the entries
  /// between the consumer and `end` when they fit; else from the consumer's slot.
  func drawSlots(
    lines: Int, at y: inout Int, touched: Int?, end: UInt16, producer: UInt16, consumer: UInt16, consumerMark: Mark,
    into grid: inout CellGrid, cell: (Int) -> [(String, Mark, Style)]
  ) {
    guard lines > 0 else { return }
    let indent = 1
    let span = Swift.min(Int(end &- consumer), size)
    let estimate = Swift.max(1, (inner.width - indent) / 4)
    let focus: Int
    if let touched {
      focus = touched
    } else if span < estimate - 2 {
      focus = model.layout.slot(consumer &+ UInt16(span / 2))
    } else {
      focus = model.layout.slot(consumer) + (estimate - 2) / 2 - 1
    }
    // Width of one slot: the widest value among a sample around the focus (and the slot numbers when shown).
    let sample = PaneFormat.window(count: size, slots: estimate, focus: focus).compactMap { $0 }
    var valueWidth = sample.map { cell($0).reduce(0) { $0 + $1.0.count } }.max() ?? 1
    if lines >= 2 { valueWidth = Swift.max(valueWidth, PaneFormat.digits(sample.max() ?? 0)) }
    let slotWidth = 2 + valueWidth + 1
    let fit = Swift.max(0, (inner.width - indent + 1) / slotWidth)
    let window = PaneFormat.window(count: size, slots: fit, focus: focus)
    let producerSlot = model.layout.slot(producer)
    let consumerSlot = model.layout.slot(consumer)
    let numbersY = y
    let slotsY = lines >= 2 ? y + 1 : y
    y += min(lines, 2)
    guard slotsY < inner.maxY else { return }
    for (n, entry) in window.enumerated() {
      let x = inner.x + indent + n * slotWidth
      guard let slot = entry else {
        grid.put(context.text("…"), at: Point(x: x + 2, y: slotsY), style: context.style(.dim), clip: inner)
        continue
      }
      if lines >= 2 {
        grid.put(String(slot), at: Point(x: x + 2, y: numbersY), style: context.style(.dim), clip: inner)
      }
      if slot == producerSlot {
        grid.put(context.symbol("│", "|"), at: Point(x: x, y: slotsY), style: context.style(.paneTitle), clip: inner)
      }
      if slot == consumerSlot {
        grid.put(
          context.symbol("▸", ">"), at: Point(x: x + 1, y: slotsY),
          style: style(for: consumerMark, base: context.style(.paneTitle)), clip: inner)
      }
      var line = LineBuilder()
      for (text, mark, base) in cell(slot) { line.add(text, style(for: mark, base: base)) }
      line.draw(at: Point(x: x + 2, y: slotsY), limit: valueWidth, into: &grid, ellipsis: "")
    }
  }
}

extension RingDrawer.Mark {
  var isLastAvail: Bool {
    if case .lastAvail = self { return true }
    return false
  }
}
