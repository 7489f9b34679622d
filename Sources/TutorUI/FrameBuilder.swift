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
    let (session, memory) = snapshot(step, eventCursor: eventCursor, phaseDone: state.animatesFlow || state.phase >= VisualFrame.phases - 1)
    let flowCursor = state.animatesFlow ? min(state.cursor, step.flow?.steps.count ?? 0) : (step.flow?.steps.count ?? 0)
    // A compare step's three runs are in the compare table; counting one of them here would mislead.
    let stepFlow = state.view == .compare ? nil : step.flow
    let stepCounters = counters(from: step.before, to: session, flow: stepFlow, flowSteps: flowCursor)
    let before = state.playback.countersBefore
    let total = before.indices.contains(state.stepIndex) ? before[state.stepIndex] : CounterSet()
    return VisualFrame(
      session: session, memory: memory, events: events, cursor: eventCursor,
      phase: state.phase, flow: step.flow, flowCursor: flowCursor,
      compareRuns: compareRuns(step.after), stepCounters: stepCounters, totalCounters: total + stepCounters,
      problem: step.problem?.description)
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

  /// Engine counters between two snapshots plus the flow's modelled totals after `flowSteps` steps.
  static func counters(from start: ScriptSession, to end: ScriptSession, flow: FlowRun?, flowSteps: Int) -> CounterSet {
    var c = CounterSet()
    let a = start.queue?.counters ?? Virtqueue.Counters()
    let b = end.queue?.counters ?? Virtqueue.Counters()
    // A new `queue` command restarts the counters; never show negative deltas.
    let restarted = b.kicks < a.kicks || b.chainsAdded < a.chainsAdded
    c.kicks = restarted ? b.kicks : b.kicks - a.kicks
    c.kicksSuppressed = restarted ? b.kicksSuppressed : b.kicksSuppressed - a.kicksSuppressed
    c.interrupts = restarted ? b.interrupts : b.interrupts - a.interrupts
    c.interruptsSuppressed = restarted ? b.interruptsSuppressed : b.interruptsSuppressed - a.interruptsSuppressed
    if let flow {
      let t = flow.totals(afterSteps: flowSteps)
      c.kicks += t.kicks
      c.kicksSuppressed += t.kicksSuppressed
      c.interrupts += t.interrupts
      c.interruptsSuppressed += t.interruptsSuppressed
      c.exits = t.exits
      c.dma = t.dmaTransfers
      c.cycles = t.cycles
      c.micros = t.micros
    }
    return c
  }

  /// The last run of each compared flow, in emulated, assigned, virtio order.
  static func compareRuns(_ session: ScriptSession) -> [FlowRun] {
    Flow.compared.compactMap { flow in session.flowHistory.last { $0.flow == flow } }
  }
}
