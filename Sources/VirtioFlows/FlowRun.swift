import VirtioCore

/// A flow run to the end: its steps in order, its totals, the notes a learner should read, and for the virtio
/// flows the engine's final state.
public struct FlowRun: Equatable, Sendable {
  /// Which flow.
  public var flow: Flow
  /// The options it ran with.
  public var options: FlowOptions
  /// The cost model that priced it.
  public var cost: CostModel
  /// The steps (empty when the run was made with `keepSteps: false`, e.g. by ``Flows/compare(options:cost:)``;
  /// at most the first 10,000 otherwise, so a run's memory does not grow with its packet count: ``stepCount`` and
  /// ``totals`` always cover every step).
  public var steps: [FlowStep]
  /// Number of steps the run had (also when they were not kept).
  public var stepCount: Int
  /// The totals over all steps.
  public var totals: FlowTotals
  /// Model assumptions, simplifications and prices worth showing (e.g. "one physical NIC per VM").
  public var notes: [String]
  /// For `virtio` and `increment`: the virtqueue after the run (memory, rings, counters, trace).
  public var queue: Virtqueue?
  /// Whether the kept steps and the queue were let go after the run (``droppingDetail()``): what is left is what
  /// counters, `compare` and `expect flow.…` read.
  public var detailDropped = false

  /// This run without its kept steps and final queue; the totals, step count, options and notes stay. A script
  /// session keeps the detail of its latest runs only, so that a script of many flow commands does not hold every
  /// run's thousands of steps (issue 10: memory must not grow with a script's length).
  public func droppingDetail() -> FlowRun {
    var run = self
    run.steps = []
    run.queue = nil
    run.detailDropped = true
    return run
  }

  /// The hops of step `k` (0-based), or nil when out of range.
  public func hops(ofStep k: Int) -> [Hop]? { steps.indices.contains(k) ? steps[k].hops : nil }

  /// The totals after the first `count` steps (for counters that move while a flow animates).
  public func totals(afterSteps count: Int) -> FlowTotals {
    FlowTotals(steps: steps.prefix(max(0, count)), cost: cost)
  }

  /// A one-line title: `virtio: paravirtual virtio-net (TX, 1 × 64 B, …)`.
  public var title: String { "\(flow.rawValue): \(flow.title) (\(options.summary(for: flow)))" }
}
