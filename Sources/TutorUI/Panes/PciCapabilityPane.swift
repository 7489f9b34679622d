import TermGrid

/// The virtio PCI capabilities (`struct virtio_pci_cap`, vendor 0x09) and where each points in BAR 4, drawn with
/// lines, as QEMU's virtio-pci lays them out (`virtio_pci_realize`: common config 0x0000, ISR 0x1000, device
/// config 0x2000, notify 0x3000, each 0x1000 long, `notify_off_multiplier` 4, queue q's `queue_notify_off` = q),
/// then the notify arithmetic per queue: `0x3000 + queue_notify_off × 4`. A driver reads these from the
/// capabilities; QEMU's are one layout, the one the lessons use.
public struct PciCapabilityPane: Pane {
  public init() {}

  /// One capability: `cfg_type`, name, offset in BAR 4 (nil: none) and a note; listed in BAR order, so each line
  /// runs straight across to its region.
  static let capabilities: [(type: Int, name: String, offset: Int?, note: String)] = [
    (1, "common", 0x0000, ""), (3, "ISR", 0x1000, ""), (4, "device", 0x2000, ""), (2, "notify", 0x3000, ""),
    (5, "pci cfg", nil, "(via config space)"),
  ]

  /// Draws the pane (its box included) into `area`.
  public func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let area = area.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    let inner = context.drawBox(area, title: "PCI capabilities → BAR 4 (QEMU)", into: &grid)
    guard !inner.isEmpty else { return }
    let picture = context.picture
    let dim = context.style(.dim)
    var y = inner.y
    grid.put("cap (type)", at: Point(x: inner.x, y: y), style: dim, clip: inner)
    let barX = inner.x + 16
    grid.put("BAR 4", at: Point(x: barX, y: y), style: dim, clip: inner)
    y += 1
    let top = y
    // The BAR's regions, in address order, one row each.
    let regions = Self.capabilities.compactMap { c in c.offset.map { ($0, c.name) } }.sorted { $0.0 < $1.0 }
    for (k, region) in regions.enumerated() where top + k < inner.maxY {
      let names = [0x0000: "common config", 0x1000: "ISR status", 0x2000: "device config", 0x3000: "notify"]
      let text = "0x" + PaneFormat.right(String(region.0, radix: 16), 4).replacingSpaces(with: "0") + " " + (names[region.0] ?? region.1)
      grid.put(text, at: Point(x: barX, y: top + k), style: picture.writer(.device), clip: inner)
    }
    var wires = WireCanvas()
    let laneBase = inner.x + 10
    var links: [LaneAssigner.Link] = []
    var starts: [Int] = []
    for (k, cap) in Self.capabilities.enumerated() where top + k < inner.maxY {
      let label = "\(cap.type) \(cap.name)"
      grid.put(label, at: Point(x: inner.x, y: top + k), style: picture.writer(.driver), clip: inner)
      guard let offset = cap.offset, let row = regions.firstIndex(where: { $0.0 == offset }) else {
        grid.put(cap.note, at: Point(x: inner.x + label.count + 1, y: top + k), style: dim, clip: inner)
        continue
      }
      links.append(LaneAssigner.Link(from: k, to: row))
      starts.append(inner.x + label.count + 1)
    }
    for ((link, lane), startX) in zip(zip(links, LaneAssigner.assign(links, limit: 4)), starts) {
      wires.link(
        from: Point(x: startX, y: top + link.from), to: Point(x: barX - 1, y: top + link.to),
        lane: laneBase + (lane ?? 0), style: context.style(.dim))
    }
    wires.paint(into: &grid, clip: inner, unicode: context.capabilities.unicode)
    y = top + Self.capabilities.count + 1
    let lines =
      inner.height - (y - inner.y) >= 6
      ? [
        "notify address = cap.offset", "  + queue_notify_off × notify_off_multiplier",
        "queue 0: 0x3000 + 0 × 4 = 0x3000", "queue 1: 0x3000 + 1 × 4 = 0x3004", "queue 2: 0x3000 + 2 × 4 = 0x3008",
        "the kick: a 16-bit write of the queue index there",
      ]
      : ["notify = 0x3000 + notify_off × 4", "q0 0x3000 · q1 0x3004 · q2 0x3008"]
    for (k, text) in lines.enumerated() where y < inner.maxY {
      grid.put(context.text(text), at: Point(x: inner.x, y: y), style: k < 2 ? context.style(.paneTitle) : Style.plain, clip: inner)
      y += 1
    }
  }
}
