import TermGrid
import VirtioCore
import VirtioFlows

/// The boxes and arrows of the flow diagram, laid out for one pane size: only the boxes the run uses
/// (``FlowNode/used(by:)``), their rows closed up, and the current flow step's hops as arrows through the gap.
struct FlowDiagram {
  let context: PaneContext
  let inner: Rect
  let step: FlowStep?
  /// The run the step belongs to (its earlier events' hops are the trail).
  let run: FlowRun?
  /// The boxes drawn.
  let visible: Set<FlowNode>
  /// The row slots in use, top to bottom (a slot no drawn box has is closed up).
  let slots: [Int]
  /// Long labels and a spaced layout with column headings.
  let wide: Bool
  /// Rows between two component rows.
  let pitch: Int
  let top: Int
  let leftWidth: Int
  let rightWidth: Int
  /// The hop of the current event the arrow head is on, if any.
  private(set) var headHop: Int?
  /// That hop's number in the lesson step's path (1 = the step's first hop), once drawn.
  var headNumber: Int?
  /// Cells holding a hop number (numbers keep a cell apart).
  var numberCells = Set<Point>()

  /// Lays the diagram out in `inner`, spaced when `inner` has `reserve` rows left under a spaced diagram.
  init(context: PaneContext, inner: Rect, run: FlowRun?, step: FlowStep?, reserve: Int) {
    self.context = context
    self.inner = inner
    self.step = step
    self.run = run
    let visible = FlowNode.used(by: run)
    self.visible = visible
    let placed = (FlowNode.left + FlowNode.right).filter { visible.contains($0.0) }
    slots = Array(Set(placed.map(\.1))).sorted()
    let wide = inner.width >= 50
    self.wide = wide
    let spaced = inner.height >= 2 * slots.count + 1 + reserve
    pitch = spaced ? 2 : 1
    top = inner.y + (spaced ? 1 : 0)
    func width(_ side: [(FlowNode, Int)]) -> Int {
      side.filter { visible.contains($0.0) }.map { $0.0.label(wide: wide).count + 2 }.max() ?? 0
    }
    leftWidth = width(FlowNode.left)
    rightWidth = width(FlowNode.right)
    if let step, !step.hops.isEmpty {
      let perHop = VisualFrame.phasesPerHop
      headHop = min(max(context.frame.phase, 0) / perHop, step.hops.count - 1)
    }
  }

  /// The rows the diagram takes.
  var height: Int { top - inner.y + max(0, slots.count - 1) * pitch + 1 }
  /// The first row under the diagram (after a blank row when spaced).
  var textTop: Int { top + max(0, slots.count - 1) * pitch + 1 + (pitch > 1 ? 1 : 0) }

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

  /// Where a box is: its row and whether it is in the left column.
  func place(_ node: FlowNode) -> (y: Int, isLeft: Bool) {
    let slot = node.slot
    return (top + (slots.firstIndex(of: slot.row) ?? 0) * pitch, slot.isLeft)
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
    let involved = Set(step.map(FlowNode.nodes(of:)) ?? [])
    let actor = step.map(FlowNode.actor(of:))
    for (node, _) in FlowNode.left + FlowNode.right where visible.contains(node) {
      let (y, isLeft) = place(node)
      let name = context.text(node.label(wide: wide))
      let boxWidth = name.unicodeScalars.count + 2
      let x = isLeft ? inner.x + leftWidth - boxWidth : inner.maxX - rightWidth
      let text: Style
      let frame: Style
      if node == actor {
        text = context.style(.current)
        frame = context.style(.current)
      } else if involved.contains(node) {
        var s = context.style(of: node.component)
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
}
