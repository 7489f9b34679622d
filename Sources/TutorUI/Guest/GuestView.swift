import TermGrid
import VirtioCore
import VirtioScript

/// The split screen of `virtio-tutor guest` drawn from a ``GuestViewState``: the guest's serial console on the
/// left; on the right the ring our device serves, in the lessons' ring picture (``RingPane``), the counters, and
/// the event log; the status line with the key chord at the bottom.
///
/// ```
/// ┌─ guest console · running ────────────┐┌─ virtio-rng queue 0 · size 4 ─┐
/// │/ # dd if=/dev/hwrng bs=16 count=1 | h││#  addr       len  fl  nx  state│
/// │exdump -C                             ││0  0x4a3c0c0   64  W    0  in use│
/// │00000000  76 69 72 74 69 6f 2d 74  75 ││…                              │
/// └──────────────────────────────────────┘└───────────────────────────────┘
///                                          kicks 9 · interrupts 9 (0 suppressed)
///                                          requests served 9 · 576 bytes
/// ```
public enum GuestView {
  /// The frame for `state` at `state.size`.
  public static func frame(_ state: GuestViewState, theme: Theme, capabilities: TerminalCapabilities) -> CellGrid {
    let size = state.size
    var grid = CellGrid(size: size)
    let context = PaneContext(
      frame: VisualFrame(
        session: ScriptSession(tracing: false), memory: nil, events: [], cursor: 0, phase: 0, flow: nil, flowCursor: 0, compareRuns: [],
        counterRows: [], problem: nil), theme: theme, capabilities: capabilities)
    guard size.width >= 20, size.height >= 8 else {
      grid.put("screen too small: at least 20×8", at: Point(x: 0, y: 0), clip: grid.bounds)
      return grid
    }
    let body = size.height - 1
    let consoleWidth = min(82, max(size.width - 60, size.width * 55 / 100))
    drawConsole(state, in: Rect(x: 0, y: 0, width: consoleWidth, height: body), into: &grid, context: context)
    let right = Rect(x: consoleWidth, y: 0, width: size.width - consoleWidth, height: body)
    let ringHeight = max(3, min(right.height - 7, 17))
    let ring = Rect(x: right.x, y: 0, width: right.width, height: ringHeight)
    if let snapshot = state.snapshot {
      // The lessons' split-ring picture (picture2's entry point), from the engine's snapshot of the live ring.
      let inner = context.drawBox(ring, title: "our virtio-rng · size \(snapshot.layout.size)", into: &grid)
      SplitRingPicture(
        snapshot: snapshot, touches: RingTouches(events: state.touched, lit: false), context: PictureContext(theme: theme, capabilities: capabilities)
      ).draw(in: inner, into: &grid)
    } else {
      let inner = context.drawBox(ring, title: "our virtio-rng", into: &grid)
      grid.put("no ring yet: the guest's driver sets it up at boot", at: inner.origin, style: theme.style(.dim), clip: inner)
    }
    var y = ringHeight
    for (text, role) in counterLines(state) {
      grid.put(context.text(text), at: Point(x: right.x + 1, y: y), style: theme.style(role), clip: Rect(x: right.x + 1, y: y, width: right.width - 1, height: 1))
      y += 1
    }
    drawLog(state, in: Rect(x: right.x, y: y, width: right.width, height: body - y), into: &grid, context: context)
    drawStatus(state, row: body, into: &grid, context: context)
    return grid
  }

  static func counterLines(_ state: GuestViewState) -> [(String, ThemeRole)] {
    let c = state.counters
    var lines: [(String, ThemeRole)] = [
      ("kicks \(c.kicks) · interrupts \(c.interrupts)" + (c.interruptsSuppressed > 0 ? " (+\(c.interruptsSuppressed) suppressed)" : ""), .text),
      ("requests served \(c.requestsServed) (\(c.bytesServed) bytes)", .text),
    ]
    if c.polledRequests > 0 { lines.append(("found by polling, no kick: \(c.polledRequests)", .text)) }
    if let error = state.ringError { lines.append(("ring broken: \(error)", .error)) }
    return lines
  }

  static func drawConsole(_ state: GuestViewState, in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    var focused = context
    focused.focused = true
    let inner = focused.drawBox(area, title: "guest console (ttyS0) · \(state.phase)", into: &grid)
    guard !inner.isEmpty else { return }
    for (n, row) in state.console.rows(width: inner.width, height: inner.height).enumerated() {
      grid.put(context.text(row), at: Point(x: inner.x, y: inner.y + n), style: context.style(.text), clip: inner)
    }
  }

  static func drawLog(_ state: GuestViewState, in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    guard area.height >= 3 else { return }
    let inner = context.drawBox(area, title: "events: guest driver (drv) · our device (dev) · vhost-user (vu)", into: &grid)
    guard !inner.isEmpty else { return }
    var rows: [(GuestLogLine.Party, String, Bool)] = []
    for line in state.log.suffix(inner.height) {
      let wrapped = TextWrap.wrap(context.text(line.text), width: max(1, inner.width - 4))
      for (k, piece) in wrapped.enumerated() { rows.append((line.party, piece, k == 0)) }
    }
    var shown = rows.suffix(inner.height)
    while let first = shown.first, !first.2, shown.count > 1 { shown.removeFirst() }  // no orphaned continuation
    for (n, (party, text, first)) in shown.enumerated() {
      let y = inner.y + n
      if first { grid.put(party.rawValue, at: Point(x: inner.x, y: y), style: context.style(role(party)), clip: inner) }
      grid.put(text, at: Point(x: inner.x + 4, y: y), style: context.style(party == .error ? .error : .text), clip: inner)
    }
  }

  static func role(_ party: GuestLogLine.Party) -> ThemeRole {
    switch party {
    case .driver: return .driver
    case .device: return .device
    case .vhostUser: return .dim
    case .error: return .error
    }
  }

  static func drawStatus(_ state: GuestViewState, row: Int, into grid: inout CellGrid, context: PaneContext) {
    let line = Rect(x: 0, y: row, width: grid.width, height: 1)
    grid.fill(line, style: context.style(.statusBar))
    let hint = state.chordPending ? "Ctrl-A … q quits, Ctrl-A sends Ctrl-A, any other key cancels" : GuestReducer.chordHint
    grid.put(context.text(" \(hint) · \(state.caption)"), at: line.origin, style: context.style(.statusBar), clip: line)
  }
}
