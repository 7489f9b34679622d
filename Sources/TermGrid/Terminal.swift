/// The one owner of "what is on the screen": the last frame painted, the diff against it and the terminal's
/// capabilities applied to every frame (``CellGrid/adapted(to:)``: ASCII look-alikes, no colour under `NO_COLOR`).
/// Backends only paint what it hands them.
///
/// ```swift
/// var terminal = Terminal(HeadlessTerminal(size: Size(width: 80, height: 24)))
/// while true {
///   try terminal.draw(View.render(state, size: terminal.size))   // paints only what changed
///   guard let event = try terminal.nextInput(timeout: nil) else { continue }   // a resize repaints all next time
///   ...
/// }
/// ```
public struct Terminal<Backend: TerminalBackend> {
  /// The backend that paints.
  public var backend: Backend
  /// The frame last painted (adapted), the base of the next diff; `nil` before the first frame and after a resize.
  public private(set) var lastDrawn: CellGrid?
  /// The screen size when `lastDrawn` was painted.
  private var lastScreenSize: Size?

  public init(_ backend: Backend) {
    self.backend = backend
  }

  /// The screen size in cells.
  public var size: Size { backend.size }
  /// What the screen can show.
  public var capabilities: TerminalCapabilities { backend.capabilities }

  /// Shows `grid`: adapted to the capabilities, then only the runs that changed since the last frame, or the whole
  /// frame (clearing the terminal) first, after a resize or ``redrawAll()``, and when the grid or screen size changed.
  public mutating func draw(_ grid: CellGrid) throws {
    let frame = grid.adapted(to: backend.capabilities)
    let screen = backend.size
    if let lastDrawn, lastDrawn.size == frame.size, lastScreenSize == screen {
      try backend.paint(frame.changes(since: lastDrawn), .changes)
    } else {
      try backend.paint(frame.allRuns(), lastDrawn == nil ? .clearing : .full)
    }
    lastDrawn = frame
    lastScreenSize = screen
  }

  /// Forgets the last frame, so the next ``draw(_:)`` repaints everything and clears the terminal (Ctrl-L).
  public mutating func redrawAll() {
    lastDrawn = nil
    lastScreenSize = nil
  }

  /// The backend's next event; a resize makes the next frame a full repaint.
  public mutating func nextInput(timeout: Duration?) throws -> InputEvent? {
    let event = try backend.nextInput(timeout: timeout)
    if case .resize? = event { redrawAll() }
    return event
  }
}
