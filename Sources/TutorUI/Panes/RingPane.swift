import TermGrid
import VirtioCore
import VirtioScript

/// The virtqueue pane: its box and title (size, status), and inside it the ring picture — the split ring's linked
/// diagram (``SplitRingPicture``) from the engine's ``QueueSnapshot`` at the cursor and what the step touched.
/// A pane that has no queue says so (with the step's problem, if any).
public struct RingPane: Pane {
  public init() {}

  /// `virtqueue · size 8 · status 15`, with `NEEDS_RESET`, `FAILED` or `not live` when they apply and there is
  /// room (the status byte is what lesson scripts `expect`).
  static func title(_ queue: Virtqueue?, width: Int) -> String {
    guard let queue else { return "virtqueue" }
    return title("virtqueue", size: queue.layout.size, status: queue.registers.status, width: width)
  }

  /// `packed virtqueue · size 4 · status 15`.
  static func title(_ queue: PackedVirtqueue, width: Int) -> String {
    title("packed virtqueue", size: queue.layout.size, status: queue.registers.status, width: width)
  }

  static func title(_ name: String, size: Int, status: DeviceStatus, width: Int) -> String {
    var title = "\(name) · size \(size)"
    let number = " · status \(status.rawValue)"
    var word = ""
    if status.contains(.deviceNeedsReset) {
      word = " NEEDS_RESET"
    } else if status.contains(.failed) {
      word = " FAILED"
    } else if !status.contains(.driverOK) {
      word = " not live"
    }
    for extra in [number + word, number] where title.count + extra.count + 6 <= width {
      title += extra
      break
    }
    return title
  }

  /// Draws the pane (its box included) into `area`.
  public func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let area = area.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    if let packed = context.frame.packedQueue {
      let inner = context.drawBox(area, title: Self.title(packed, width: area.width), into: &grid)
      guard !inner.isEmpty, let (snapshot, memory, touches) = RingModel.packed(context.frame) else { return }
      PackedRingPicture(snapshot: snapshot, memory: memory, touches: touches, context: context.picture)
        .draw(in: inner, into: &grid)
      return
    }
    let inner = context.drawBox(area, title: Self.title(context.frame.queue, width: area.width), into: &grid)
    guard !inner.isEmpty else { return }
    if case .field? = context.frame.concealed, context.frame.queue != nil { context.drawConcealLegend(in: area, into: &grid) }
    guard let (snapshot, touches) = RingModel.split(context.frame) else {
      var y = inner.y
      grid.put(context.text("no virtqueue yet"), at: Point(x: inner.x, y: y), style: context.style(.dim), clip: inner)
      y += 1
      if let problem = context.frame.problem {
        for line in TextWrap.wrap(context.text("! " + problem), width: inner.width) where y < inner.maxY {
          grid.put(line, at: Point(x: inner.x, y: y), style: context.style(.error), clip: inner)
          y += 1
        }
      }
      return
    }
    SplitRingPicture(snapshot: snapshot, touches: touches, context: context.picture).draw(in: inner, into: &grid)
  }
}
