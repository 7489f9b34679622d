import TermGrid
import VirtioCore
import VirtioScript

/// The device status byte as its eight named bits, from the engine's registers: each bit's number, value and name,
/// `■` when set; bits the current event changes are "now" (reverse video and the writer's glyph, `◆` the driver,
/// `●` the device), bits changed earlier in the step bold; the sum spelled out
/// (`FEATURES_OK 8 · DRIVER 2 · ACKNOWLEDGE 1 = 11`). The driver writes the byte; the device sets DEVICE_NEEDS_RESET.
///
/// ```
/// ┌─ device status ────────────────────┐
/// │FEATURES_OK 8 · DRIVER 2 · ACK… = 11│
/// │■ 7 128 FAILED                      │
/// │■ 3   8 FEATURES_OK                 │
/// └────────────────────────────────────┘
/// ```
public struct DeviceStatusPane: Pane {
  public init() {}

  /// The eight bits, high to low, with their spec names (bits 4 and 5 are reserved).
  static let bits: [(bit: Int, name: String)] = [
    (7, "FAILED"), (6, "DEVICE_NEEDS_RESET"), (5, "—"), (4, "—"), (3, "FEATURES_OK"),
    (2, "DRIVER_OK"), (1, "DRIVER"), (0, "ACKNOWLEDGE"),
  ]

  /// The status to show (the current event's new value while it animates) and the bits changed now and earlier.
  static func state(_ frame: VisualFrame) -> (status: UInt8, now: UInt8, earlier: UInt8, writer: Role)? {
    guard var status = frame.queue?.registers.status.rawValue ?? frame.packedQueue?.registers.status.rawValue else {
      return nil
    }
    let played = frame.events.prefix(max(0, min(frame.cursor, frame.events.count)))
    var now: UInt8 = 0, earlier: UInt8 = 0
    var writer = Role.driver
    for (n, entry) in played.enumerated() where entry.kind == .status {
      let new = UInt8(truncatingIfNeeded: entry.value ?? 0), old = UInt8(truncatingIfNeeded: entry.oldValue ?? UInt64(new))
      if n == played.count - 1 {
        now = new ^ old
        writer = entry.role
        status = new
      } else {
        earlier |= new ^ old
      }
    }
    return (status, frame.isSettled ? 0 : now, earlier | (frame.isSettled ? now : 0), writer)
  }

  /// Draws the pane (its box included) into `area`.
  public func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let area = area.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    let inner = context.drawBox(area, title: "device status", into: &grid)
    guard !inner.isEmpty else { return }
    let picture = context.picture
    guard let (status, now, earlier, writer) = Self.state(context.frame) else {
      grid.put("no device yet", at: inner.origin, style: context.style(.dim), clip: inner)
      return
    }
    var y = inner.y
    let set = Self.bits.filter { status & (1 << $0.bit) != 0 }
    let sum = set.map { "\($0.name) \(1 << $0.bit)" }.joined(separator: " · ")
    // While the step's exercise asks for the status byte, its value is `?` (the bits stay: adding them is the task).
    let concealed = context.frame.concealed == .status
    let value = concealed ? "?" : "\(status)"
    var line = LineBuilder()
    line.add((set.isEmpty ? "0" : sum + " = \(value)"), context.style(.paneTitle))
    if line.width > inner.width {
      line = LineBuilder()
      line.add("device_status = \(value)", context.style(.paneTitle))
    }
    line.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
    y += inner.height >= 11 ? 2 : 1
    for (bit, name) in Self.bits where y < inner.maxY {
      let mask = UInt8(1 << bit)
      let on = status & mask != 0
      let role: Role = bit == 6 ? .device : writer
      var style = on ? picture.writer(role).bolded : context.style(.dim)
      if now & mask != 0 { style = picture.now(role) } else if earlier & mask != 0 { style = picture.earlier(role) }
      let mark = on ? context.symbol("■", "#") : context.symbol("□", ".")
      let text = "\(mark) \(bit) \(PaneFormat.right(String(1 << bit), 3)) \(name)"
      grid.put(text, at: Point(x: inner.x + 1, y: y), style: style, clip: inner)
      if now & mask != 0 { grid.put(picture.nowGlyph(role), at: Point(x: inner.x, y: y), style: picture.now(role), clip: inner) }
      y += 1
    }
    y += 1
    if y < inner.maxY, let registers = context.frame.queue?.registers ?? context.frame.packedQueue?.registers {
      let live = registers.isLive ? "live: the device may use the rings" : "not live (needs DRIVER_OK, no NEEDS_RESET)"
      grid.put(live, at: Point(x: inner.x, y: y), style: context.style(.dim), clip: inner)
    }
    if concealed { context.drawConcealLegend(in: area, into: &grid) }
  }
}
