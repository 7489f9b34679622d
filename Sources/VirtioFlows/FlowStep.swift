import VirtioCore

/// One step of a flow: one component acts, one plain sentence says what it does, and its hops say what moves
/// where at what price.
public struct FlowStep: Equatable, Sendable {
  /// The component that acts.
  public var actor: Component
  /// One plain sentence.
  public var summary: String
  /// The arrows, in order.
  public var hops: [Hop]
  /// For steps that drive the virtqueue engine: the engine's trace entries this step produced.
  public var engineTrace: [TraceEntry]
  /// The packet (or request) the step belongs to, from 1; nil for setup and for steps that serve a whole batch.
  public var packet: Int?

  public init(actor: Component, summary: String, hops: [Hop] = [], engineTrace: [TraceEntry] = [], packet: Int? = nil) {
    self.actor = actor
    self.summary = summary
    self.hops = hops
    self.engineTrace = engineTrace
    self.packet = packet
  }

  /// Cycles charged for this step.
  public var cycles: Int { hops.reduce(0) { $0 + $1.cycles } }

  /// The components this step touches, in order of first appearance (for highlighting).
  public var components: [Component] {
    var seen: [Component] = [actor]
    for hop in hops {
      if !seen.contains(hop.from) { seen.append(hop.from) }
      if !seen.contains(hop.to) { seen.append(hop.to) }
    }
    return seen
  }
}
