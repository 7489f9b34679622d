import VirtioCore

/// Collects a flow's steps and keeps the totals as it goes; with `keepSteps == false` it only counts, so
/// ``Flows/compare(options:cost:)`` can run large workloads cheaply. A class, so a flow can record while it reads
/// its own state; it never leaves the flow that owns it (``finish(queue:)`` returns a value).
final class FlowRecorder {
  let flow: Flow
  let options: FlowOptions
  let cost: CostModel
  let keepSteps: Bool
  let machine: Machine
  private(set) var steps: [FlowStep] = []
  private(set) var stepCount = 0
  private(set) var totals = FlowTotals()
  var notes: [String] = []

  init(flow: Flow, options: FlowOptions, cost: CostModel, keepSteps: Bool) {
    self.flow = flow
    self.options = options
    self.cost = cost
    self.keepSteps = keepSteps
    machine = Machine(cost: cost, verbose: keepSteps)
  }

  /// Records one step.
  func record(
    _ actor: Component, _ summary: @autoclosure () -> String, _ hops: [Hop], trace: [TraceEntry] = [], packet: Int? = nil
  ) {
    let step = FlowStep(actor: actor, summary: keepSteps ? summary() : "", hops: hops, engineTrace: trace, packet: packet)
    totals.add(step, cost: cost)
    stepCount += 1
    if keepSteps { steps.append(step) }
  }

  /// Adds a note once.
  func note(_ text: String) {
    if !notes.contains(text) { notes.append(text) }
  }

  /// The finished run.
  func finish(queue: Virtqueue? = nil) -> FlowRun {
    FlowRun(
      flow: flow, options: options, cost: cost, steps: steps, stepCount: stepCount, totals: totals, notes: notes,
      queue: queue)
  }
}
