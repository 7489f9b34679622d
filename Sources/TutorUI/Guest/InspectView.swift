import TermGrid
import VirtioCore
import VirtioScript

/// The frame of `inspect --format tui`: the selected queue's report on the left (QEMU's indices, RAM, the chains
/// the engine decoded, the checks), its ring in the lessons' split-ring picture on the right, and the keys.
public enum InspectView {
  public static func frame(_ state: InspectViewState, theme: Theme, capabilities: TerminalCapabilities) -> CellGrid {
    var grid = CellGrid(size: state.size)
    guard state.size.width >= 20, state.size.height >= 8 else {
      grid.put("screen too small: at least 20×8", at: Point(x: 0, y: 0), clip: grid.bounds)
      return grid
    }
    let context = PaneContext(
      frame: VisualFrame(
        session: ScriptSession(tracing: false), memory: nil, events: [], cursor: 0, phase: 0, flow: nil, flowCursor: 0, compareRuns: [],
        counterRows: [], problem: nil), theme: theme, capabilities: capabilities)
    let body = state.size.height - 1
    let status = Rect(x: 0, y: body, width: state.size.width, height: 1)
    grid.fill(status, style: context.style(.statusBar))
    guard state.queues.indices.contains(state.selected) else {
      grid.put(" no virtqueues to show · q quits", at: status.origin, style: context.style(.statusBar), clip: status)
      return grid
    }
    let q = state.queues[state.selected]
    let leftWidth = max(30, state.size.width * 45 / 100)
    let left = Rect(x: 0, y: 0, width: leftWidth, height: body)
    var focused = context
    focused.focused = true
    let text = focused.drawBox(left, title: q.title, into: &grid)
    var y = text.y
    for line in q.lines.dropFirst(state.scroll) {
      for row in TextWrap.wrap(context.text(line), width: max(1, text.width)) where y < text.maxY {
        let role: ThemeRole = line.contains("[MISMATCH]") || line.contains(": error ") ? .error : line.contains("[OK]") ? .success : .text
        grid.put(row, at: Point(x: text.x, y: y), style: context.style(role), clip: text)
        y += 1
      }
    }
    let right = Rect(x: leftWidth, y: 0, width: state.size.width - leftWidth, height: body)
    let inner = context.drawBox(right, title: "ring · size \(q.snapshot.layout.size)", into: &grid)
    SplitRingPicture(snapshot: q.snapshot, context: PictureContext(theme: theme, capabilities: capabilities)).draw(in: inner, into: &grid)
    let verdict = q.consistent ? "consistent" : "INCONSISTENT"
    grid.put(
      context.text(" queue \(state.selected + 1)/\(state.queues.count) \(verdict) · Tab/→ next · ←/Shift-Tab previous · ↑/↓ scroll · q quits"),
      at: status.origin, style: context.style(.statusBar), clip: status)
    return grid
  }
}
