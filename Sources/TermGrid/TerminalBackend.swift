/// A screen the app draws `CellGrid`s on and reads input from: the curses terminal in
/// production, ``HeadlessTerminal`` in tests.
///
/// The run loop owns one backend and uses it from one thread:
/// ```swift
/// var previous: CellGrid? = nil
/// while true {
///   let grid = View.render(state, size: backend.size, capabilities: backend.capabilities)
///   try backend.draw(grid, previous: previous)
///   previous = grid
///   guard let event = try backend.nextInput(timeout: state.playing ? .milliseconds(100) : nil) else {
///     state.tick(); continue
///   }
///   if case .resize = event { previous = nil }
///   ...
/// }
/// ```
public protocol TerminalBackend {
  /// The current screen size in cells; updated when a ``InputEvent/resize(_:)`` is returned.
  var size: Size { get }

  /// What the screen can show; views use it to pick glyphs and styles.
  var capabilities: TerminalCapabilities { get }

  /// Shows `grid`, painting only what changed since the last frame.
  ///
  /// `previous` is the grid passed to the last call; `nil` asks for a full repaint (first
  /// frame, after a resize, on Ctrl-L). Implementations also repaint fully when the size
  /// changed. Cells beyond the screen are clipped; screen cells beyond the grid are left as is
  /// (blank after a full repaint).
  mutating func draw(_ grid: CellGrid, previous: CellGrid?) throws

  /// Waits for the next event.
  ///
  /// - Parameter timeout: how long to wait; `nil` blocks until input arrives (the idle app then
  ///   uses no CPU).
  /// - Returns: the event, or `nil` when the timeout passed with no input.
  mutating func nextInput(timeout: Duration?) throws -> InputEvent?
}
