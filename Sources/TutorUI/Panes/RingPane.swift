import TermGrid
import VirtioCore

/// The virtqueue: the descriptor table (index, addr, len, flags, next and who holds each descriptor), then the
/// available ring (idx, the device's `last_avail_idx`, flags, `used_event`, the slots with their heads) and the used
/// ring (idx, the driver's `last_used_idx`, flags, `avail_event`, the slots with `id:len`).
///
/// Values come from guest memory at the cursor. The current event's field is lit (``ThemeRole/current``) while its
/// animation runs and marked ``ThemeRole/changed`` once it settled; fields written earlier in the step are marked
/// ``ThemeRole/changed``. Descriptor states are spelled out (`free`, `driver`, `avail`, `in use`, `used`) as well as
/// coloured, and the ring indices are glyphs in the slot rows: `▸` before the slot the consumer takes next
/// (`last_avail_idx`, `last_used_idx`) and `│` before the slot the producer fills next (`avail.idx`, `used.idx`).
/// Queues longer than the pane show a window around the most recently touched descriptor and around the indices.
///
/// ```
/// ┌─ virtqueue · size 8 ───────────────┐
/// │#  addr    len  flags  next  state  │
/// │0  0x2000   64  NEXT      1  in use │
/// │1  0x2040  512  WRITE     0  in use │
/// │2  0x2240  100  0         0  avail  │
/// │3  0x0       0  0         0  free   │
/// │4  0x0       0  0         0  free   │
/// │…                                   │
/// │avail │idx 2 ▸dev 1 fl 0 used_ev 0  │
/// │   0  ▸2 │ 0   0   0   0   0   0    │
/// │used │idx 0 ▸drv 0 fl 0 avail_ev 1  │
/// │ │▸0:0   0:0   0:0   0:0   0:0   …  │
/// └────────────────────────────────────┘
/// ```
public struct RingPane: Sendable {
  public init() {}

  /// `virtqueue · size 8 · status 15`, with `NEEDS_RESET`, `FAILED` or `not live` when they apply and there is
  /// room (the status byte is what lesson scripts `expect`).
  static func title(_ queue: Virtqueue?, width: Int) -> String {
    guard let queue else { return "virtqueue" }
    var title = "virtqueue · size \(queue.layout.size)"
    let status = queue.registers.status
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
    let inner = context.drawBox(area, title: Self.title(context.frame.queue, width: area.width), into: &grid)
    guard !inner.isEmpty else { return }
    guard let model = RingModel(frame: context.frame) else {
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
    RingDrawer(model: model, context: context, inner: inner).draw(into: &grid)
  }
}
