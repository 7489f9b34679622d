import VirtioCore

/// Collects a flow's steps and keeps the totals as it goes; with `keepSteps == false` it only counts, so
/// ``Flows/compare(options:cost:)`` can run large workloads cheaply. A class, so a flow can record while it reads
/// its own state; it never leaves the flow that owns it (``finish(queue:)`` returns a value).
final class FlowRecorder {
  /// The most steps one run keeps (what `trace --flow`, the TUI and `lessons` can show). Past it, steps are only
  /// counted: totals stay exact, and memory stays bounded however many packets a run moves (a run at the
  /// documented limits, 64 × 65,535 bytes through the emulated NIC, has 8.4 million steps: 20 GB kept).
  static let maximumKeptSteps = 10_000

  let flow: Flow
  let options: FlowOptions
  let cost: CostModel
  /// Whether the caller asked for steps.
  let wantsSteps: Bool
  /// Whether the next step is kept: asked for, and under ``maximumKeptSteps``. Flows build labels only then.
  var keepSteps: Bool { wantsSteps && steps.count < Self.maximumKeptSteps }
  let machine: Machine
  private(set) var steps: [FlowStep] = []
  private(set) var stepCount = 0
  private(set) var totals = FlowTotals()
  var notes: [String] = []

  init(flow: Flow, options: FlowOptions, cost: CostModel, keepSteps: Bool) {
    self.flow = flow
    self.options = options
    self.cost = cost
    wantsSteps = keepSteps
    machine = Machine(cost: cost, verbose: keepSteps)
  }

  /// Records one step.
  func record(
    _ actor: Component, _ summary: @autoclosure () -> String, _ hops: [Hop], trace: [TraceEntry] = [], packet: Int? = nil
  ) {
    let keep = keepSteps
    let step = FlowStep(
      actor: actor, summary: keep ? summary() : "", hops: hops, engineTrace: keep ? trace : [], packet: packet)
    totals.add(step, cost: cost)
    stepCount += 1
    if keep { steps.append(step) }
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
