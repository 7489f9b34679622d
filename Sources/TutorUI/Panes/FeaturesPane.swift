import TermGrid
import VirtioCore

/// Feature bits offered by the device, accepted by the driver and negotiated (accepted and sealed by
/// FEATURES_OK), from the engine's registers; the column the current event writes is "now".
///
/// ```
/// ┌─ features ─────────────────────────┐
/// │feature         bit offer accept neg│
/// │indirect_desc    28   ✓     ✓      ✓│
/// └────────────────────────────────────┘
/// ```
public struct FeaturesPane: Pane {
  public init() {}

  /// Draws the pane (its box included) into `area`.
  public func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let area = area.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    let inner = context.drawBox(area, title: "features", into: &grid)
    guard !inner.isEmpty else { return }
    let frame = context.frame
    guard let registers = frame.queue?.registers ?? frame.packedQueue?.registers else {
      grid.put("no device yet", at: inner.origin, style: context.style(.dim), clip: inner)
      return
    }
    var offered = registers.deviceFeatures, accepted = registers.driverFeatures, negotiated = registers.negotiated
    // The current event's column: the driver reading the offer, the driver accepting, the device sealing.
    var column: Int?
    var role = Role.driver
    if let entry = frame.current, entry.kind == .features {
      let value = VirtioFeatures(rawValue: entry.value ?? 0)
      role = entry.role
      if entry.role == .device {
        column = 2
        negotiated = value
      } else if entry.detail.hasPrefix("driver reads") {
        column = 0
        offered = value
      } else {
        column = 1
        accepted = value
      }
    }
    let picture = context.picture
    let now = frame.isSettled ? nil : column
    var y = inner.y
    let header = PaneFormat.left("feature", 16) + "bit offer accept neg"
    grid.put(header, at: Point(x: inner.x, y: y), style: context.style(.dim), clip: inner)
    y += 1
    let yes = context.symbol("✓", "x"), no = "-"
    for (name, feature) in VirtioFeatures.named where y < inner.maxY {
      let bit = feature.rawValue.trailingZeroBitCount
      let cells = [offered.contains(feature), accepted.contains(feature), negotiated.contains(feature)]
      let anyOn = cells.contains(true)
      grid.put(PaneFormat.left(name, 15), at: Point(x: inner.x, y: y), style: anyOn ? Style.plain : context.style(.dim), clip: inner)
      grid.put(PaneFormat.right(String(bit), 3), at: Point(x: inner.x + 16, y: y), style: context.style(.dim), clip: inner)
      for (k, on) in cells.enumerated() {
        let x = inner.x + [22, 28, 34][k]
        let writer: Role = k == 2 ? .device : .driver
        var style = on ? picture.writer(k == 0 ? .device : writer).bolded : context.style(.dim)
        if now == k && on { style = picture.now(role) }
        grid.put(on ? yes : no, at: Point(x: x, y: y), style: style, clip: inner)
        if now == k && on { grid.put(picture.nowGlyph(role), at: Point(x: x - 1, y: y), style: picture.now(role), clip: inner) }
      }
      y += 1
    }
    y += 1
    if y < inner.maxY {
      let sealed = registers.status.contains(.featuresOK)
      let text = sealed ? "FEATURES_OK: negotiated = accepted" : "not negotiated until FEATURES_OK"
      grid.put(text, at: Point(x: inner.x, y: y), style: context.style(.dim), clip: inner)
    }
  }
}
