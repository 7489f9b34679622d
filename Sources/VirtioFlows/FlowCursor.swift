/// Steps through a finished ``FlowRun`` one step at a time, keeping running totals: what a lesson or the TUI
/// animates.
public struct FlowCursor: Equatable, Sendable {
  /// The run being played.
  public let run: FlowRun
  /// Steps shown so far (0 before the first ``next()``).
  public private(set) var position = 0
  /// Totals of the steps shown so far.
  public private(set) var totals = FlowTotals()

  /// Starts before the first step.
  public init(_ run: FlowRun) { self.run = run }

  /// Whether every step has been shown.
  public var isFinished: Bool { position >= run.steps.count }

  /// The last step shown, if any.
  public var current: FlowStep? { position > 0 ? run.steps[position - 1] : nil }

  /// Shows the next step and returns it, or nil at the end.
  public mutating func next() -> FlowStep? {
    guard !isFinished else { return nil }
    let step = run.steps[position]
    position += 1
    totals.add(step, cost: run.cost)
    return step
  }

  /// Goes back to before the first step.
  public mutating func rewind() {
    position = 0
    totals = FlowTotals()
  }
}
