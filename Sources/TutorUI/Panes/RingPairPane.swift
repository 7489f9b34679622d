import TermGrid
import VirtioCore

/// The same requests in both ring formats, side by side: on the left the split queue that the step's
/// `queue … format=packed` replaced (``ScriptSession/splitBeforePacked``, drawn settled, as it was then), on the
/// right the packed queue animating (``RingPane``). Three areas against one ring, the same chains in each. Below 110
/// columns of pane, or without both queues, it is the ring pane alone.
public struct RingPairPane: Pane {
  public init() {}

  /// The narrowest pane that shows both pictures.
  static let minimumWidth = 110

  public func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let area = area.intersection(grid.bounds)
    guard let split = context.frame.session.splitBeforePacked, context.frame.packedQueue != nil,
      area.width >= Self.minimumWidth
    else {
      RingPane().render(in: area, into: &grid, context: context)
      return
    }
    let leftWidth = area.width / 2
    let left = Rect(x: area.x, y: area.y, width: leftWidth, height: area.height)
    let right = Rect(x: area.x + leftWidth, y: area.y, width: area.width - leftWidth, height: area.height)
    grid.fill(left)
    let inner = context.drawBox(left, title: "split · the same requests", into: &grid)
    if !inner.isEmpty {
      let snapshot = QueueSnapshot(split, memory: split.memory.currentView)
      SplitRingPicture(snapshot: snapshot, touches: RingTouches(), context: context.picture).draw(in: inner, into: &grid)
    }
    RingPane().render(in: right, into: &grid, context: context)
  }
}
