import TermGrid
import VirtioCore
import VirtioFlows

/// The boxes and arrows of the flow diagram, laid out for one pane size.
struct FlowDiagram {
  let context: PaneContext
  let inner: Rect
  let step: FlowStep?
  /// Long labels and a spaced layout with column headings.
  let wide: Bool
  /// Rows between two component rows.
  let pitch: Int
  let top: Int
  let leftWidth: Int
  let rightWidth: Int
  /// The hop the arrow head is on, if any.
  private(set) var headHop: Int?

  /// Component rows: guest on the left, host on the right; the vCPU faces KVM, guest memory faces the IOMMU.
  static let left: [(Component, Int)] = [(.guestApplication, 0), (.guestDriver, 1), (.vcpu, 2), (.guestMemory, 5)]
  static let right: [(Component, Int)] = [
    (.deviceModel, 1), (.hypervisor, 2), (.hostKernel, 3), (.interruptController, 4), (.iommu, 5), (.physicalNIC, 6),
  ]
  static let slots = 7

  init(context: PaneContext, inner: Rect, step: FlowStep?) {
    self.context = context
    self.inner = inner
    self.step = step
    let wide = inner.width >= 50
    self.wide = wide
    let spaced = inner.height >= 2 * Self.slots - 1 + 1 + 5
    pitch = spaced ? 2 : 1
    top = inner.y + (spaced ? 1 : 0)
    leftWidth = Self.left.map { Self.label($0.0, wide: wide).count + 2 }.max() ?? 0
    rightWidth = Self.right.map { Self.label($0.0, wide: wide).count + 2 }.max() ?? 0
  }

  /// The first row under the diagram (after a blank row when spaced).
  var textTop: Int { top + (Self.slots - 1) * pitch + 1 + (pitch > 1 ? 1 : 0) }

  static func label(_ component: Component, wide: Bool) -> String {
    switch component {
    case .guestApplication: return wide ? "application" : "app"
    case .guestDriver: return wide ? "guest driver" : "driver"
    case .guestMemory: return wide ? "guest memory" : "memory"
    case .vcpu: return "vCPU"
    case .hypervisor: return wide ? "KVM (hypervisor)" : "KVM"
    case .deviceModel: return wide ? "QEMU (VMM)" : "QEMU"
    case .hostKernel: return wide ? "host kernel" : "host"
    case .interruptController: return wide ? "irq controller" : "irqchip"
    case .iommu: return "IOMMU"
    case .physicalNIC: return wide ? "physical NIC" : "NIC"
    }
  }

  /// A short name for a hop kind, as the arrows and the chain line show it.
  static func kindLabel(_ kind: HopKind) -> String {
    switch kind {
    case .pioAccess: return "PIO"
    case .mmioAccess: return "MMIO"
    case .notify: return "kick"
    case .notifySuppressed: return "no kick"
    case .vmExit: return "VM exit"
    case .exitToUserspace: return "to QEMU"
    case .emulation: return "emulate"
    case .vmEntry: return "VM entry"
    case .memoryWrite: return "write"
    case .memoryRead: return "read"
    case .dma: return "DMA"
    case .translation: return "translate"
    case .call: return "call"
    case .wire: return "wire"
    case .interrupt: return "interrupt"
    case .eventfdSignal: return "eventfd"
    case .wakeUp: return "wake-up"
    case .interruptInjection: return "inject irq"
    case .postedInterrupt: return "posted irq"
    case .interruptSuppressed: return "no irq"
    case .eoi: return "EOI"
    }
  }

  /// Where a component's box is: its row and whether it is in the left column.
  func place(_ component: Component) -> (y: Int, isLeft: Bool) {
    if let slot = Self.left.first(where: { $0.0 == component })?.1 { return (top + slot * pitch, true) }
    let slot = Self.right.first { $0.0 == component }?.1 ?? 0
    return (top + slot * pitch, false)
  }

  /// First and last columns of the gap between the two columns of boxes.
  var gapStart: Int { inner.x + leftWidth }
  var gapEnd: Int { inner.maxX - rightWidth - 1 }

  // MARK: - Drawing

  mutating func draw(into grid: inout CellGrid) {
    if pitch > 1 {
      grid.put(context.text("guest"), at: Point(x: inner.x, y: inner.y), style: context.style(.dim), clip: inner)
      let host = context.text("host")
      grid.put(host, at: Point(x: inner.maxX - rightWidth, y: inner.y), style: context.style(.dim), clip: inner)
    }
    drawArrows(into: &grid)
    drawBoxes(into: &grid)
  }

  func drawBoxes(into grid: inout CellGrid) {
    let involved = Set(step?.components ?? [])
    for (component, _) in Self.left + Self.right {
      let (y, isLeft) = place(component)
      let name = context.text(Self.label(component, wide: wide))
      let boxWidth = name.unicodeScalars.count + 2
      let x = isLeft ? inner.x + leftWidth - boxWidth : inner.maxX - rightWidth
      let text: Style
      let frame: Style
      if component == step?.actor {
        text = context.style(.current)
        frame = context.style(.current)
      } else if involved.contains(component) {
        var s = context.style(of: component)
        s.bold = true
        text = s
        frame = context.style(.border)
      } else {
        text = context.style(.dim)
        frame = context.style(.dim)
      }
      grid.put("[", at: Point(x: x, y: y), style: frame, clip: inner)
      grid.put(name, at: Point(x: x + 1, y: y), style: text, clip: inner)
      grid.put("]", at: Point(x: x + 1 + name.unicodeScalars.count, y: y), style: frame, clip: inner)
    }
  }

  enum Direction { case east, west, north, south }

  struct PathCell {
    var point: Point
    var direction: Direction
  }

  /// The cells of the arrow from one component to another through the gap (empty for a hop inside one component).
  func route(_ from: Component, _ to: Component) -> [PathCell] {
    guard from != to, gapEnd - gapStart >= 2 else { return [] }
    let a = place(from)
    let b = place(to)
    let startX = a.isLeft ? gapStart : gapEnd
    let endX = b.isLeft ? gapStart : gapEnd
    let lane: Int
    if a.isLeft == b.isLeft {
      lane = a.isLeft ? gapStart + 1 : gapEnd - 1
    } else {
      lane = (gapStart + gapEnd) / 2
    }
    var waypoints = [Point(x: startX, y: a.y)]
    if a.y == b.y && a.isLeft != b.isLeft {
      waypoints.append(Point(x: endX, y: b.y))
    } else {
      waypoints += [Point(x: lane, y: a.y), Point(x: lane, y: b.y), Point(x: endX, y: b.y)]
    }
    var cells = [PathCell(point: waypoints[0], direction: a.isLeft ? .east : .west)]
    for (p, q) in zip(waypoints, waypoints.dropFirst()) {
      var point = p
      while point != q {
        let direction: Direction
        if q.x > point.x {
          direction = .east
        } else if q.x < point.x {
          direction = .west
        } else if q.y > point.y {
          direction = .south
        } else {
          direction = .north
        }
        switch direction {
        case .east: point.x += 1
        case .west: point.x -= 1
        case .south: point.y += 1
        case .north: point.y -= 1
        }
        cells.append(PathCell(point: point, direction: direction))
      }
    }
    return cells
  }

  func glyph(_ incoming: Direction, _ outgoing: Direction) -> String {
    let u = context.capabilities.unicode
    switch (incoming, outgoing) {
    case (.east, .east), (.west, .west): return u ? "─" : "-"
    case (.north, .north), (.south, .south): return u ? "│" : "|"
    case (.east, .south), (.north, .west): return u ? "┐" : "+"
    case (.east, .north), (.south, .west): return u ? "┘" : "+"
    case (.west, .south), (.north, .east): return u ? "┌" : "+"
    default: return u ? "└" : "+"
    }
  }

  func headGlyph(_ direction: Direction) -> String {
    switch direction {
    case .east: return context.symbol("▶", ">")
    case .west: return context.symbol("◀", "<")
    case .south: return context.symbol("▼", "v")
    case .north: return context.symbol("▲", "^")
    }
  }

  mutating func drawArrows(into grid: inout CellGrid) {
    guard let step, !step.hops.isEmpty else { return }
    let legs = step.hops.map { route($0.from, $0.to) }
    // Each leg counts its cells (a hop inside one component counts one), so the head moves evenly.
    let lengths = legs.map { max(1, $0.count) }
    let total = lengths.reduce(0, +)
    let phases = VisualFrame.phases
    let phase = min(max(context.frame.phase, 0), phases - 1)
    let reached = max(1, (total * (phase + 1) + phases - 1) / phases)
    var remaining = reached
    var head = 0
    var shown: [Int] = []
    for (i, length) in lengths.enumerated() {
      guard remaining > 0 else { break }
      // A leg whose head would sit on its first cell is not started yet: that cell is the previous leg's tip.
      if remaining == 1 && length > 1 && i > 0 { break }
      shown.append(min(length, remaining))
      head = i
      remaining -= length
    }
    headHop = head
    for (i, count) in shown.enumerated() {
      let isHead = i == head
      let style = isHead ? context.style(.changed) : context.style(.dim)
      let hop = step.hops[i]
      let leg = legs[i]
      if leg.isEmpty {
        drawLoop(hop, style: isHead ? context.style(.current) : style, into: &grid)
        continue
      }
      let visible = Array(leg.prefix(count))
      for (n, cell) in visible.enumerated() {
        let last = n == visible.count - 1
        let text: String
        if last && (isHead || count == leg.count) {
          text = headGlyph(cell.direction)
        } else {
          text = glyph(cell.direction, n + 1 < leg.count ? leg[n + 1].direction : cell.direction)
        }
        let cellStyle = last && isHead ? context.style(.current) : style
        grid.put(text, at: cell.point, style: cellStyle, clip: inner)
      }
      if isHead { label(hop.kind, on: visible, style: style, into: &grid) }
    }
  }

  /// Writes the hop kind on the longest straight horizontal stretch of the drawn arrow, if it fits.
  func label(_ kind: HopKind, on cells: [PathCell], style: Style, into grid: inout CellGrid) {
    let text = context.text(Self.kindLabel(kind))
    let length = text.unicodeScalars.count
    var best: (start: Int, count: Int) = (0, 0)
    var run = (start: 0, count: 0)
    for (n, cell) in cells.enumerated() where n < cells.count - 1 {
      let horizontal = cell.direction == .east || cell.direction == .west
      let nextHorizontal = cells[n + 1].direction == cell.direction
      if horizontal && nextHorizontal && (run.count == 0 || cells[n - 1].point.y == cell.point.y) {
        if run.count == 0 { run.start = n }
        run.count += 1
        if run.count > best.count { best = run }
      } else {
        run = (0, 0)
      }
    }
    guard best.count >= length + 2 else { return }
    let xs = cells[best.start..<best.start + best.count].map(\.point.x)
    let x = (xs.min() ?? 0) + (best.count - length) / 2
    grid.put(text, at: Point(x: x, y: cells[best.start].point.y), style: style, clip: inner)
  }

  /// A hop inside one component: a loop glyph beside its box, with the kind if the gap has room.
  func drawLoop(_ hop: Hop, style: Style, into grid: inout CellGrid) {
    let (y, isLeft) = place(hop.from)
    let loop = context.symbol("↻", "@")
    let text = context.text(Self.kindLabel(hop.kind))
    if isLeft {
      grid.put(
        loop + " " + text, at: Point(x: gapStart, y: y), style: style,
        clip: Rect(x: gapStart, y: y, width: gapEnd - gapStart + 1, height: 1))
    } else {
      let width = text.unicodeScalars.count + 2
      let x = max(gapStart, gapEnd - width + 1)
      grid.put(
        text + " " + loop, at: Point(x: x, y: y), style: style,
        clip: Rect(x: gapStart, y: y, width: gapEnd - gapStart + 1, height: 1))
    }
  }
}
