/// The same workload through the emulated, assigned and virtio flows, with every flow related to virtio.
public struct Comparison: Equatable, Sendable {
  /// The shared options.
  public var options: FlowOptions
  /// The cost model.
  public var cost: CostModel
  /// One run per flow, in ``Flow/compared`` order (totals only, no steps).
  public var runs: [FlowRun]

  public init(options: FlowOptions, cost: CostModel, runs: [FlowRun]) {
    self.options = options
    self.cost = cost
    self.runs = runs
  }

  /// The run of `flow`, if it was compared.
  public func run(_ flow: Flow) -> FlowRun? { runs.first { $0.flow == flow } }

  /// `flow`'s cycles divided by virtio's (nil when virtio cost 0 cycles).
  public func cycleRatio(_ flow: Flow) -> Double? {
    guard let mine = run(flow)?.totals.cycles, let base = run(.virtio)?.totals.cycles, base > 0 else { return nil }
    return Double(mine) / Double(base)
  }

  /// `flow`'s exits divided by virtio's (nil when virtio had no exit).
  public func exitRatio(_ flow: Flow) -> Double? {
    guard let mine = run(flow)?.totals.exits, let base = run(.virtio)?.totals.exits, base > 0 else { return nil }
    return Double(mine) / Double(base)
  }
}
