/// An in-memory ``TerminalBackend`` for tests: it keeps the screen as a `CellGrid` and
/// replays queued input.
///
/// It paints exactly like the curses backend (full repaint or diff, clipping, capability
/// fallbacks), so `screen` is what a real terminal would show.
///
/// ```swift
/// var terminal = HeadlessTerminal(size: Size(width: 80, height: 24), input: [.key(.character("q"))])
/// try terminal.draw(grid, previous: nil)
/// #expect(terminal.screen.lines[0] == " Lesson 1: Split virtqueues")
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
  /// Number of `draw` calls so far.
  public private(set) var frameCount = 0
  /// The runs painted by the last `draw`.
  public private(set) var lastPainted: [StyleRun] = []
  /// Whether the last `draw` was a full repaint.
  public private(set) var lastWasFullRepaint = false
  /// The timeouts passed to `nextInput`, in order.
  public private(set) var requestedTimeouts: [Duration?] = []

  private var lastDrawn: CellGrid?

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

  public mutating func draw(_ grid: CellGrid, previous: CellGrid?) throws {
    frameCount += 1
    let base = previous == nil ? nil : lastDrawn.flatMap { $0.size == grid.size ? $0 : nil }
    lastWasFullRepaint = base == nil
    if let base {
      lastPainted = grid.changes(since: base)
    } else {
      screen = CellGrid(size: size)
      lastPainted = grid.allRuns()
    }
    for run in lastPainted {
      let painted = StyleRun(
        origin: run.origin, style: capabilities.effective(run.style),
        characters: run.characters.map(capabilities.effective))
      screen.apply([painted])
    }
    lastDrawn = grid
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
      lastDrawn = nil
    }
    return event
  }
}
