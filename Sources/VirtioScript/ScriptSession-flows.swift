import VirtioCore
import VirtioFlows

extension ScriptSession {
  /// The flow names `flow NAME` accepts.
  public static let flowNames = Flow.allCases.map(\.rawValue) + ["compare"]

  /// Runs a flow (or `compare`: emulated, assigned and virtio with the same options). Each `key=value` is a flow
  /// option (`bytes`, `packets`, `batch`, `event-idx`, `msix`, …) or a cost-model parameter (`clock-ghz`, …).
  mutating func runFlow(name: String, arguments: [String: String], usage: (String) -> ScriptFailure) throws(ScriptFailure) {
    let flows: [Flow]
    if name == "compare" {
      flows = Flow.compared
    } else if let flow = Flow(name: name) {
      flows = [flow]
    } else {
      throw usage("unknown flow '\(name)'; known: " + Self.flowNames.joined(separator: ", "))
    }
    var options = FlowOptions.defaults(for: flows.count == 1 ? flows[0] : .virtio)
    var cost = CostModel.default
    for key in arguments.keys.sorted() {
      let value = arguments[key]!
      do {
        try options.set(key, value)
      } catch let optionError {
        do {
          try cost.set(key, value)
        } catch {
          throw usage("flow \(name): \(optionError.message)")
        }
      }
    }
    for flow in flows {
      do {
        let run = try Flows.run(flow, options: options, cost: cost)
        flowHistory.append(run)
        flowRun = run
      } catch {
        throw usage("flow \(flow.rawValue): \(error.message)")
      }
    }
    dropOldFlowDetail()
  }

  /// This session with the steps and queues of all its flow runs let go (totals, step counts and options stay):
  /// what a stored copy of the session needs once a later command has made a newer run, because the counters,
  /// `compare` and `expect flow.…` read only totals (the TUI keeps a session per command of a step).
  public func droppingFlowDetail() -> ScriptSession {
    guard flowRun.map({ !$0.detailDropped }) ?? false || flowHistory.contains(where: { !$0.detailDropped }) else { return self }
    var session = self
    session.flowRun = flowRun?.droppingDetail()
    session.flowHistory = flowHistory.map { $0.detailDropped ? $0 : $0.droppingDetail() }
    return session
  }

  /// The most flow steps the runs of ``flowHistory`` keep in all (two runs at a run's own cap, 10,000 steps).
  public static let maximumKeptFlowSteps = 20_000

  /// Lets go of the steps and queues of the oldest runs, never the latest, until the history keeps at most
  /// ``maximumKeptFlowSteps`` steps: earlier runs stay in the history with their totals (the counters' rows,
  /// `compare`, `expect flow.emulated.exits`), so a script's memory does not grow with its number of flow commands.
  mutating func dropOldFlowDetail() {
    var kept = flowHistory.reduce(0) { $0 + $1.steps.count }
    var i = 0
    while kept > Self.maximumKeptFlowSteps, i < flowHistory.count - 1 {
      if !flowHistory[i].detailDropped {
        kept -= flowHistory[i].steps.count
        flowHistory[i] = flowHistory[i].droppingDetail()
      }
      i += 1
    }
  }

  /// The value of `flow.NAME` (last run) or `flow.FLOW.NAME` (last run of that flow).
  func flowTotal(_ name: String) -> Result<ScriptValue, ScriptEvaluationError> {
    let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
    var run = flowRun
    var total = name
    if parts.count == 2, let flow = Flow(name: parts[0]) {
      run = flowHistory.last { $0.flow == flow }
      total = parts[1]
      guard run != nil else { return .failure(.init("the \(flow.rawValue) flow has not run yet")) }
    }
    guard let run else { return .failure(.init("no flow has run yet: use e.g. `flow virtio packets=1`")) }
    guard let value = Self.total(total, of: run.totals, steps: run.stepCount) else {
      return .failure(.init("unknown flow total '\(total)'; known: " + Self.flowTotalNames.joined(separator: ", ")))
    }
    return .success(.number(value))
  }

  /// Names of the totals `flow.NAME` reads.
  public static let flowTotalNames = [
    "exits", "userspace_exits", "kernel_exits", "interrupt_exits", "entries", "interrupts", "host_interrupts",
    "injected_interrupts", "interrupts_suppressed", "dma", "kicks", "kicks_suppressed", "wake_ups", "wake_micros",
    "cycles", "micros", "steps",
  ]

  static func total(_ name: String, of t: FlowTotals, steps: Int) -> UInt64? {
    let value: Int
    switch name.dashesToUnderscores() {
    case "exits": value = t.exits
    case "userspace_exits": value = t.userspaceExits
    case "kernel_exits": value = t.kernelExits
    case "interrupt_exits": value = t.interruptExits
    case "entries": value = t.entries
    case "interrupts": value = t.interrupts
    case "host_interrupts": value = t.hostInterrupts
    case "injected_interrupts": value = t.injectedInterrupts
    case "interrupts_suppressed": value = t.interruptsSuppressed
    case "dma": value = t.dmaTransfers
    case "kicks": value = t.kicks
    case "kicks_suppressed": value = t.kicksSuppressed
    case "wake_ups": value = t.wakeUps
    case "wake_micros": value = Int(t.wakeUpMicros.rounded())
    case "cycles": value = t.cycles
    case "micros": value = Int(t.micros.rounded())
    case "steps": value = steps
    default: return nil
    }
    return UInt64(max(0, value))
  }
}

extension String {
  func dashesToUnderscores() -> String { String(map { $0 == "-" ? "_" : $0 }) }
}
