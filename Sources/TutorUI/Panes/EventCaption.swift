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
    if flow {
      guard let step = frame.currentFlowStep, let total = frame.flow?.steps.count else { return nil }
      return EventCaption(step, index: frame.flowCursor - 1, count: total)
    }
    return frame.current.map(EventCaption.init)
  }
}
