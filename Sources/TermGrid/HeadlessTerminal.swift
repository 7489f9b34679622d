/// An in-memory ``TerminalBackend`` for tests: it keeps the screen as a `CellGrid` and
/// replays queued input.
///
/// Behind a ``Terminal`` (which diffs and adapts, as for curses) `screen` is what a real terminal would show.
///
/// ```swift
/// var terminal = Terminal(HeadlessTerminal(size: Size(width: 80, height: 24), input: [.key(.character("q"))]))
/// try terminal.draw(grid)
/// #expect(terminal.backend.screen.lines[0] == " Lesson 1: Split virtqueues")
/// ```
public struct HeadlessTerminal: TerminalBackend, Sendable {
  /// Thrown by a blocking ``nextInput(timeout:)`` when no input is queued, so a test's run
  /// loop ends instead of waiting forever.
  public struct InputExhausted: Error, Equatable, Sendable {}

  public private(set) var size: Size
  public var capabilities: TerminalCapabilities
  /// What the terminal shows now.
  public private(set) var screen: CellGrid
  /// Events still to be returned by ``nextInput(timeout:)``, first first.
  public var queuedInput: [InputEvent]
  /// Number of `paint` calls so far.
  public private(set) var frameCount = 0
  /// The runs painted by the last `paint`.
  public private(set) var lastPainted: [StyleRun] = []
  /// Whether the last `paint` was a full repaint.
  public private(set) var lastWasFullRepaint = false
  /// The timeouts passed to `nextInput`, in order.
  public private(set) var requestedTimeouts: [Duration?] = []

  public init(
    size: Size, capabilities: TerminalCapabilities = .full, input: [InputEvent] = []
  ) {
    self.size = size
    self.capabilities = capabilities
    self.screen = CellGrid(size: size)
    self.queuedInput = input
  }

  /// Appends events to the input queue.
  public mutating func enqueue(_ events: InputEvent...) {
    queuedInput += events
  }

  public mutating func paint(_ runs: [StyleRun], _ repaint: Repaint) throws {
    frameCount += 1
    lastWasFullRepaint = repaint != .changes
    if lastWasFullRepaint { screen = CellGrid(size: size) }
    lastPainted = runs
    screen.apply(runs)
  }

  /// Pops the next queued event. A `.resize` also changes ``size`` and blanks the screen, as a
  /// real resize does. With the queue empty, returns `nil` for a finite timeout and throws
  /// ``InputExhausted`` for `nil` (blocking).
  public mutating func nextInput(timeout: Duration?) throws -> InputEvent? {
    requestedTimeouts.append(timeout)
    guard !queuedInput.isEmpty else {
      if timeout == nil { throw InputExhausted() }
      return nil
    }
    let event = queuedInput.removeFirst()
    if case .resize(let newSize) = event {
      size = newSize
      screen = CellGrid(size: newSize)
    }
    return event
  }
}
