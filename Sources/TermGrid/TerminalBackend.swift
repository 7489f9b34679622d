/// A screen that paints runs of cells and reads input: the curses terminal in production, ``HeadlessTerminal`` in
/// tests. A backend only paints; ``Terminal`` owns the previous frame, the diff and the capability fallbacks, so
/// every backend shows the same cells for the same frames (ratatui's `Terminal<Backend>` shape).
public protocol TerminalBackend {
  /// The current screen size in cells; updated when a ``InputEvent/resize(_:)`` is returned.
  var size: Size { get }

  /// What the screen can show; ``Terminal`` adapts every frame to it before painting.
  var capabilities: TerminalCapabilities { get }

  /// Paints `runs` (already adapted to ``capabilities``), clipped to the screen, then shows the result.
  ///
  /// With ``Repaint/changes`` the runs are the cells that changed since the last paint; otherwise the screen is
  /// blanked first and the runs are the whole frame (``Repaint/clearing`` also clears the physical screen, which
  /// repairs garbage left by other programs).
  mutating func paint(_ runs: [StyleRun], _ repaint: Repaint) throws

  /// Waits for the next event.
  ///
  /// - Parameter timeout: how long to wait; `nil` blocks until input arrives (the idle app then uses no CPU).
  /// - Returns: the event, or `nil` when the timeout passed with no input.
  mutating func nextInput(timeout: Duration?) throws -> InputEvent?
}

/// How much of the screen a ``TerminalBackend/paint(_:_:)`` call replaces.
public enum Repaint: Equatable, Sendable {
  /// Only the runs given changed.
  case changes
  /// The whole frame; blank the screen first.
  case full
  /// The whole frame; blank the screen and clear the physical terminal first (first frame, resize, Ctrl-L).
  case clearing
}
