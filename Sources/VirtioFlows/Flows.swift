/// The entry points: run one flow to the end, or the same workload through the three NIC flows.
///
/// ```swift
/// var options = FlowOptions.defaults(for: .virtio)
/// try options.set("batch", "8")
/// let run = try Flows.run(.virtio, options: options)
/// let hops = run.steps[3].hops          // the hops of step 3
/// var cursor = FlowCursor(run)          // or step through it, with running totals
/// while let step = cursor.next() { print(step.summary, cursor.totals.exits) }
/// ```
///
/// Runs are deterministic: the same options and cost model give the same steps, byte for byte (no randomness, no
/// clock).
public enum Flows {
  /// Validates `options` for `flow` and runs it. With `keepSteps: false` only the totals (and, for the virtio
  /// flows, the final queue) are kept, which is how ``compare(options:cost:)`` runs large workloads.
  public static func run(
    _ flow: Flow, options: FlowOptions? = nil, cost: CostModel = .default, keepSteps: Bool = true
  ) throws(FlowError) -> FlowRun {
    let options = options ?? .defaults(for: flow)
    try options.validate(for: flow)
    switch flow {
    case .emulated:
      var model = EmulatedFlow(options: options, cost: cost, keepSteps: keepSteps)
      return model.run()
    case .assigned:
      var model = AssignedFlow(options: options, cost: cost, keepSteps: keepSteps)
      return model.run()
    case .virtio:
      var model = try VirtioNetFlow(options: options, cost: cost, keepSteps: keepSteps)
      return try model.run()
    case .increment:
      var model = try IncrementFlow(options: options, cost: cost, keepSteps: keepSteps)
      return try model.run()
    case .blk:
      var model = try BlkFlow(options: options, cost: cost, keepSteps: keepSteps)
      return try model.run()
    }
  }

  /// Runs the same workload through the emulated, assigned and virtio flows (totals only) and relates each to
  /// virtio.
  public static func compare(options: FlowOptions = FlowOptions(), cost: CostModel = .default) throws(FlowError)
    -> Comparison
  {
    var runs: [FlowRun] = []
    for flow in Flow.compared {
      runs.append(try run(flow, options: options, cost: cost, keepSteps: false))
    }
    return Comparison(options: options, cost: cost, runs: runs)
  }
}
