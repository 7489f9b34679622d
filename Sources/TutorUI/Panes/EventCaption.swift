import TermGrid
import VirtioCore
import VirtioFlows

/// The sentence that explains the current event, whole: the event log draws it above its entries, wrapped over as
/// many lines as it needs (three at most in the layout, more only for an error), never cut with `…`. An error
/// names the real implementations that report it (``VirtqueueError/Kind/reportedBy``).
public struct EventCaption: Equatable, Sendable {
  /// The text.
  public var text: String
  /// Whether it reports a ring error (drawn in the error style).
  public var isError: Bool

  public init(text: String, isError: Bool) {
    self.text = text
    self.isError = isError
  }

  /// The caption of the current trace entry.
  public init(_ event: TraceEntry) {
    let who = event.role == .driver ? "driver" : "device"
    if event.kind == .error, let kind = event.error {
      self.init(text: "\(who) error \(kind.rawValue): \(event.detail). Reported by \(kind.reportedBy).", isError: true)
    } else {
      self.init(text: "\(who) \(event.kind.rawValue): \(event.detail)", isError: false)
    }
  }

  /// The caption of flow step `index` (0-based) of `count`.
  public init(_ step: FlowStep, index: Int, count: Int) {
    self.init(text: "\(index + 1)/\(count) \(FlowNode.actor(of: step).label(wide: true)): \(step.summary)", isError: false)
  }

  /// The caption of the frame's current event (a flow step when `flow` is set), if any.
  public static func current(_ frame: VisualFrame, flow: Bool) -> EventCaption? {
    if let held = frame.heldCaption { return EventCaption(text: held, isError: false) }
    if flow {
      guard let step = frame.currentFlowStep, let total = frame.flow?.steps.count else { return nil }
      return EventCaption(step, index: frame.flowCursor - 1, count: total)
    }
    guard let current = frame.current else { return nil }
    let errors = errors(before: frame.cursor - 1, of: current.role, in: frame.events)
    guard !errors.isEmpty else { return EventCaption(current) }
    let both = EventCaption(current, after: errors)
    // Whole in the band of the smallest screen, or the errors alone, whole (an event after them that is not an
    // error is the log's highlighted entry): an error is never the part that gives way.
    let band = (width: TutorLayout.minimum.width - 2, rows: TutorLayout.captionBandLimit)
    if TextWrap.wrap(both.text, width: band.width).count <= band.rows { return both }
    let parts = (errors + (current.kind == .error ? [current] : [])).map(EventCaption.init)
    return EventCaption(text: parts.map(\.text).joined(separator: " Then "), isError: true)
  }

  /// The errors of `role` right before event `index`, oldest first: what one command raised at once (a device error
  /// and the status change it causes, a driver error and the broken queue's refusal). At most three.
  static func errors(before index: Int, of role: Role, in events: [TraceEntry]) -> [TraceEntry] {
    var found: [TraceEntry] = []
    var i = index - 1
    while i >= 0, found.count < 3, events.indices.contains(i), events[i].kind == .error, events[i].role == role {
      found.insert(events[i], at: 0)
      i -= 1
    }
    return found
  }

  /// The caption of `event` after the errors that came with it, each whole with its reporters:
  /// `device error …. Reported by …. Then device status: …`.
  public init(_ event: TraceEntry, after errors: [TraceEntry]) {
    let parts = (errors + [event]).map(EventCaption.init)
    self.init(text: parts.map(\.text).joined(separator: " Then "), isError: parts.contains { $0.isError })
  }
}
