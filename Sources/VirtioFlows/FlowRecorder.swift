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
  /// The most engine trace entries the kept steps carry: a virtio step of a 65,535-byte packet carries dozens (one
  /// per buffer), so 10,000 such steps printed 2 million lines; past this many, later steps are only counted.
  static let maximumKeptTraceEntries = 20_000

  /// Whether the next step is kept: asked for, and under ``maximumKeptSteps`` and ``maximumKeptTraceEntries``.
  /// Flows build labels only then.
  var keepSteps: Bool {
    wantsSteps && steps.count < Self.maximumKeptSteps && keptTraceEntries < Self.maximumKeptTraceEntries
  }
  private var keptTraceEntries = 0
  let machine: Machine
  private(set) var steps: [FlowStep] = []
  private(set) var stepCount = 0
  /// The counts so far; priced (microseconds) by ``finish(queue:)``.
  private(set) var totals = FlowTotals()
  var notes: [String] = []
  /// The QEMU thread the device model's work runs on now, given to every kept hop from or to QEMU that does not
  /// name its own (``Machine`` names the vCPU thread for heavyweight exits): the vCPU thread while QEMU handles a
  /// kick inside its exit, the main loop when an eventfd or the tap device wakes it (see ``QEMUThread``).
  var deviceThread: QEMUThread = .vcpu

  init(flow: Flow, options: FlowOptions, cost: CostModel, keepSteps: Bool) {
    self.flow = flow
    self.options = options
    self.cost = cost
    wantsSteps = keepSteps
    machine = Machine(cost: cost, verbose: keepSteps)
  }

  /// Records one step: kept whole while ``keepSteps``, else only counted (no step, summary or label is built).
  func record(
    _ actor: Component, _ summary: @autoclosure () -> String, _ hops: @autoclosure () -> [Hop],
    trace: @autoclosure () -> [TraceEntry] = [], packet: Int? = nil
  ) {
    guard keepSteps else {
      totals.add(hops())
      stepCount += 1
      return
    }
    var hops = hops()
    for i in hops.indices where hops[i].thread == nil && hops[i].touchesDeviceModel { hops[i].thread = deviceThread }
    let step = FlowStep(actor: actor, summary: summary(), hops: hops, engineTrace: trace(), packet: packet)
    totals.add(step.hops)
    stepCount += 1
    steps.append(step)
    keptTraceEntries += step.engineTrace.count
    if !keepSteps { machine.labels.on = false }  // the last kept step: no later label is ever shown
  }

  /// Counts `times` steps with the same `hops` that are not kept (the caller checked ``keepSteps`` is false).
  func count(_ hops: [Hop], times: Int) {
    precondition(!keepSteps, "count(_:times:) is for steps that are not kept")
    totals.add(hops, times: times)
    stepCount += max(0, times)
  }

  /// Adds a note once.
  func note(_ text: String) {
    if !notes.contains(text) { notes.append(text) }
  }

  /// The finished run.
  func finish(queue: Virtqueue? = nil) -> FlowRun {
    totals.price(cost)
    return FlowRun(
      flow: flow, options: options, cost: cost, steps: steps, stepCount: stepCount, totals: totals, notes: notes,
      queue: queue)
  }
}
