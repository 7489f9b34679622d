import TermGrid
import VirtioCore

/// What `virtio-tutor inspect --format tui` shows: each queue of the guest as the engine pictured it, with the
/// report's lines (QEMU's view, RAM, chains, checks), one queue at a time.
public struct InspectViewState: Sendable {
  /// One queue: its heading, the report's lines and the engine's snapshot of the ring.
  public struct Queue: Sendable {
    public var title: String
    public var lines: [String]
    public var consistent: Bool
    public var snapshot: QueueSnapshot

    public init(title: String, lines: [String], consistent: Bool, snapshot: QueueSnapshot) {
      self.title = title
      self.lines = lines
      self.consistent = consistent
      self.snapshot = snapshot
    }
  }

  public var queues: [Queue]
  public var selected = 0
  /// The first report line shown (the report scrolls with ↑/↓).
  public var scroll = 0
  public var size: Size
  public var quitRequested = false

  public init(queues: [Queue], size: Size) {
    self.queues = queues
    self.size = size
  }

  /// The keys: Tab / → / n the next queue, Shift-Tab / ← / p the previous one, ↑ / ↓ scroll the report, q quits.
  public mutating func press(_ key: Key) {
    guard !queues.isEmpty else {
      if key == .character("q") || key == .escape { quitRequested = true }
      return
    }
    switch key {
    case .tab, .right, .character("n"):
      selected = (selected + 1) % queues.count
      scroll = 0
    case .backTab, .left, .character("p"):
      selected = (selected + queues.count - 1) % queues.count
      scroll = 0
    case .down, .character("j"): scroll = min(scroll + 1, max(0, queues[selected].lines.count - 1))
    case .up, .character("k"): scroll = max(0, scroll - 1)
    case .character("q"), .escape: quitRequested = true
    default: break
    }
  }
}
