import VirtioCore
import VirtioFlows
import VirtioScript

/// Builds the ``VisualFrame`` for the tutor's current state: which engine snapshot to show, guest memory replayed
/// up to the cursor, and the counters.
public enum FrameBuilder {
  /// The frame for `state`.
  public static func frame(for state: TutorState) -> VisualFrame {
    let step = state.stepPlayback
    let events = step.events
    let eventCursor = state.animatesFlow ? events.count : min(state.cursor, events.count)
    let (session, memory) = snapshot(step, eventCursor: eventCursor, phaseDone: state.animatesFlow || state.phase >= state.lastPhase)
    let flowCursor = state.animatesFlow ? min(state.cursor, step.flow?.steps.count ?? 0) : (step.flow?.steps.count ?? 0)
    // A compare step's three runs are in the compare table; a row for each would repeat it.
    let check = state.lesson.steps.indices.contains(state.stepIndex) ? state.lesson.steps[state.stepIndex].exercise?.check : nil
    let rows = counterRows(
      step, session: session, flowCursor: flowCursor, showFlows: state.view != .compare,
      exerciseCheck: check.flatMap(ScriptQuantity.init(parsing:)))
    var frame = VisualFrame(
      session: session, memory: memory, events: events, cursor: eventCursor,
      phase: state.phase, flow: step.flow, flowCursor: flowCursor,
      compareRuns: compareRuns(step.after), counterRows: rows, problem: step.problem?.description)
    frame.phaseCount = state.phaseCount
    return frame
  }

  /// The session to show and guest memory at the cursor: a command whose events have all played (and whose last
  /// event's animation finished) shows its end state; the command being animated shows its start state, with
  /// memory as it was after the events played so far (a view of the write log, not a copy).
  static func snapshot(_ step: StepPlayback, eventCursor: Int, phaseDone: Bool) -> (ScriptSession, GuestMemoryView?) {
    if step.events.isEmpty { return (step.after, step.memoryAtEnd) }
    if eventCursor == 0 { return (step.before, step.memoryAtStart) }
    var seen = 0
    for command in step.commands {
      let count = command.events.count
      if count > 0 && eventCursor <= seen + count {
        let end = (command.after, command.memoryAtEnd)
        if eventCursor == seen + count && phaseDone { return end }
        if case .queue = command.line.command { return end }
        return (command.before, command.memory(afterEvents: eventCursor - seen))
      }
      seen += count
    }
    return (step.after, step.memoryAtEnd)
  }

  /// The counters' rows for a step: one per flow run the step made (the animated one up to `flowCursor`), then the
  /// queue's row (every kick and interrupt since the `queue` command, priced under `transport`, by default the one the `queue` line declared) when the step used
  /// the engine or ran no flow.
  static func counterRows(
    _ step: StepPlayback, session: ScriptSession, flowCursor: Int, showFlows: Bool = true,
    transport: EngineTransport? = nil, exerciseCheck: ScriptQuantity? = nil
  ) -> [CounterRow] {
    var rows: [CounterRow] = []
    let runs = showFlows ? step.commands.flatMap { $0.after.flowHistory.dropFirst($0.before.flowHistory.count) } : []
    for (i, run) in runs.enumerated() {
      let animated = i == runs.count - 1 && step.flow != nil
      rows.append(.flow(run, steps: animated ? flowCursor : run.steps.count))
    }
    if let counters = session.queue?.counters ?? session.packedQueue?.counters, rows.isEmpty || !step.events.isEmpty {
      rows.append(.queue(counters, transport: transport ?? session.transport))
    }
    // Pin what the step's text pins, on the row of the run it is about.
    var made = 0
    func pin(_ quantity: ScriptQuantity) {
      switch quantity {
      case .counter(let name):
        guard let i = rows.lastIndex(where: { !$0.isFlow }) else { return }
        rows[i].pinned.formUnion(CounterQuantity.columns(forScript: name, flow: false))
      case .flow(let name):
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        var run = made - 1
        var total = name
        if parts.count == 2, let flow = Flow(name: parts[0]) {
          guard let i = runs.lastIndex(where: { $0.flow == flow }) else { return }
          run = i
          total = parts[1]
        }
        guard rows.indices.contains(run), rows[run].isFlow else { return }
        rows[run].pinned.formUnion(CounterQuantity.columns(forScript: total, flow: true))
      default: return
      }
    }
    for command in step.commands {
      made += command.after.flowHistory.count - command.before.flowHistory.count
      if case .expect(let e) = command.line.command { pin(e.quantity) }
    }
    if let exerciseCheck { pin(exerciseCheck) }
    return rows
  }

  /// The last run of each compared flow, in emulated, assigned, virtio order.
  static func compareRuns(_ session: ScriptSession) -> [FlowRun] {
    Flow.compared.compactMap { flow in session.flowHistory.last { $0.flow == flow } }
  }
}
