import TermGrid
import VirtioCore

extension PackedRingPicture {
  typealias Piece = SummaryLine.Piece

  /// Three lines: the driver's next slot and wrap counter (and where it reclaims next), the device's (and where it
  /// writes the next used descriptor), and the two event suppression structures (on two lines when they do not fit
  /// one: ``summaryHeight(width:)``).
  func drawSummary(at y: Int, inner: Rect, into grid: inout CellGrid) {
    let line = SummaryLine(touches: touches, context: context)
    let m = context.symbol("▸", ">")
    func w(_ b: Bool) -> String { b ? "1" : "0" }
    let s = snapshot
    let drv = context.writer(.driver).bolded, dev = context.writer(.device).bolded
    line.draw(
      [
        [
          Piece("driver", nil, drv), Piece("  \(m)next "), Piece(String(s.driverNext.slot), nil, .plain, index: .driver),
          Piece(" wrap "), Piece(w(s.driverNext.wrap)), Piece("  last_used "), Piece(String(s.driverLastUsed.slot)),
          Piece(" wrap "), Piece(w(s.driverLastUsed.wrap)),
        ],
        [
          Piece("drv", nil, drv), Piece(" \(m)"), Piece(String(s.driverNext.slot), nil, .plain, index: .driver),
          Piece(" w"), Piece(w(s.driverNext.wrap)), Piece(" last_used "), Piece(String(s.driverLastUsed.slot)),
          Piece(" w"), Piece(w(s.driverLastUsed.wrap)),
        ],
      ], at: y, inner: inner, into: &grid)
    line.draw(
      [
        [
          Piece("device", nil, dev), Piece("  \(m)next "), Piece(String(s.deviceNext.slot), nil, .plain, index: .device),
          Piece(" wrap "), Piece(w(s.deviceNext.wrap)), Piece("  used_idx  "), Piece(String(s.deviceUsed.slot)),
          Piece(" wrap "), Piece(w(s.deviceUsed.wrap)),
        ],
        [
          Piece("dev", nil, dev), Piece(" \(m)"), Piece(String(s.deviceNext.slot), nil, .plain, index: .device),
          Piece(" w"), Piece(w(s.deviceNext.wrap)), Piece(" used_idx  "), Piece(String(s.deviceUsed.slot)),
          Piece(" w"), Piece(w(s.deviceUsed.wrap)),
        ],
      ], at: y + 1, inner: inner, into: &grid)
    let events = eventVariants()
    if summaryHeight(width: inner.width) == 3 {
      line.draw(events.both, at: y + 2, inner: inner, into: &grid)
    } else {
      line.draw(events.driver, at: y + 2, inner: inner, into: &grid)
      line.draw(events.device, at: y + 3, inner: inner, into: &grid)
    }
  }

  /// The summary's rows: 3, or 4 where the two event suppression structures do not fit one line (a narrow pane
  /// with an `off_wrap` like 0x8002: lesson 10's last step at 80×24), so neither is cut.
  func summaryHeight(width: Int) -> Int {
    let line = SummaryLine(touches: touches, context: context)
    return eventVariants().both.contains { line.width($0) <= width } ? 3 : 4
  }

  /// The spellings of the event suppression structures' line (both on one line), and of each on its own line.
  func eventVariants() -> (both: [[Piece]], driver: [[Piece]], device: [[Piece]]) {
    let s = snapshot
    let dOff = RingField.packed(.driverEvent(.offWrap)), dFl = RingField.packed(.driverEvent(.flags))
    let vOff = RingField.packed(.deviceEvent(.offWrap)), vFl = RingField.packed(.deviceEvent(.flags))
    func flags(_ v: UInt16, _ f: PackedField) -> String { PackedFieldFormat.value(UInt64(v), of: f) }
    let df = flags(s.driverEvent.flags, .driverEvent(.flags)), vf = flags(s.deviceEvent.flags, .deviceEvent(.flags))
    let driver: [[Piece]] = [
      [Piece("driver_event", nil, context.writer(.driver)), Piece(" off_wrap "), Piece(hex(s.driverEvent.offWrap), dOff), Piece(" "), Piece(df, dFl)],
      [Piece("drv_ev", nil, context.writer(.driver)), Piece(" "), Piece(hex(s.driverEvent.offWrap), dOff), Piece(" "), Piece(df, dFl)],
    ]
    let device: [[Piece]] = [
      [Piece("device_event", nil, context.writer(.device)), Piece(" off_wrap "), Piece(hex(s.deviceEvent.offWrap), vOff), Piece(" "), Piece(vf, vFl)],
      [Piece("dev_ev", nil, context.writer(.device)), Piece(" "), Piece(hex(s.deviceEvent.offWrap), vOff), Piece(" "), Piece(vf, vFl)],
    ]
    let both = [
      driver[0] + [Piece("  device_event", nil, context.writer(.device))] + device[0].dropFirst(),
      driver[1] + [Piece(" dev_ev", nil, context.writer(.device))] + device[1].dropFirst(),
    ]
    return (both, driver, device)
  }

  /// What the marks mean, on up to `rows` rows (1 to 3): now (each writer's glyph, the only cue to who wrote a
  /// slot without colour: both sides write this ring)/earlier and the next-slot marks; the tags and bits; `stale`
  /// (the one line kept when there is room for one only: after a lap most slots are stale).
  func drawLegend(at y: Int, rows: Int = 2, inner: Rect, into grid: inout CellGrid) {
    let dim = context.style(.dim)
    var first = LineBuilder()
    first.add(context.nowGlyph(.driver) + "drv", context.now(.driver))
    first.add(" ")
    first.add(context.nowGlyph(.device) + "dev", context.now(.device))
    first.add(" now  ", dim)
    first.add("earlier", context.earlier(.driver))
    first.add(" in step  ", dim)
    first.add("drv" + context.symbol("▸", ">"), context.writer(.driver).bolded)
    first.add("/", dim)
    first.add("dev" + context.symbol("▸", ">"), context.writer(.device).bolded)
    first.add(" next slot", dim)
    var bits = LineBuilder()
    bits.add("A U: AVAIL USED bits  by: whose marking the bits are", dim)
    var stale = LineBuilder()
    stale.add("stale", context.style(.warning).bolded)
    stale.add(": bits of an earlier lap, ignored", dim)
    var lines = [first, bits, stale]
    if rows < 3 {
      var both = LineBuilder()
      both.add("A U: bits  ", dim)
      both.add("stale", context.style(.warning).bolded)
      both.add(": bits of an earlier lap, ignored", dim)
      lines = rows == 2 ? [first, both] : [both]
    }
    for (k, line) in lines.enumerated() {
      line.draw(at: Point(x: inner.x, y: y + k), limit: inner.width, into: &grid, ellipsis: context.text("…"))
    }
  }

}
