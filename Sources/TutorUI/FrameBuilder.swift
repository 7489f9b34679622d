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
    let quantity = check.flatMap(ScriptQuantity.init(parsing:))
    let conceal = !state.exerciseAnswered && !state.exerciseSkipped && quantity != nil
    let rows = counterRows(
      step, session: session, flowCursor: flowCursor, showFlows: state.view != .compare,
      exerciseCheck: quantity, concealExercise: conceal, eventCursor: eventCursor)
    var frame = VisualFrame(
      session: session, memory: memory, events: events, cursor: eventCursor,
      phase: state.phase, flow: step.flow, flowCursor: flowCursor,
      compareRuns: compareRuns(step.after), counterRows: rows, problem: step.problem?.description)
    frame.phaseCount = state.phaseCount
    if conceal { frame.concealed = quantity }
    if state.heldForExercise && state.isSettled { frame.heldCaption = TutorState.heldCaption }
    return frame
  }

  /// The session to show and guest memory at the cursor: before any event, the step's start (after its set-up,
  /// ``StepPlayback/setUpCommands``); a command whose events have all played (and whose last
  /// event's animation finished) shows its end state; the command being animated shows its start state, with
  /// memory as it was after the events played so far (a view of the write log, not a copy).
  static func snapshot(_ step: StepPlayback, eventCursor: Int, phaseDone: Bool) -> (ScriptSession, GuestMemoryView?) {
    if step.events.isEmpty { return (step.after, step.memoryAtEnd) }
    if eventCursor == 0 {
      // A step that starts over opens on its set-up's end (the new or reset queue), never the previous step's queue.
      guard step.setUpCommands > 0 else { return (step.before, step.memoryAtStart) }
      let setUp = step.commands[step.setUpCommands - 1]
      return (setUp.after, setUp.memoryAtEnd)
    }
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
    transport: EngineTransport? = nil, exerciseCheck: ScriptQuantity? = nil, concealExercise: Bool = false,
    eventCursor: Int? = nil
  ) -> [CounterRow] {
    var rows: [CounterRow] = []
    let runs = showFlows ? step.commands.flatMap { $0.after.flowHistory.dropFirst($0.before.flowHistory.count) } : []
    for (i, run) in runs.enumerated() {
      let animated = i == runs.count - 1 && step.flow != nil
      rows.append(.flow(run, steps: animated ? flowCursor : run.steps.count))
    }
    if let counters = session.queue?.counters ?? session.packedQueue?.counters, rows.isEmpty || !step.events.isEmpty {
      let runs = queueRuns(step, session: session, eventCursor: eventCursor, transport: transport)
      rows +=
        runs.count > 1
        ? runs : queueRows(step, counters: counters, transport: transport ?? session.transport, exerciseCheck: exerciseCheck)
    }
    // Pin what the step's text pins, on the row of the run it is about.
    var made = 0
    func pin(_ quantity: ScriptQuantity, conceal: Bool = false) {
      func mark(_ i: Int, _ columns: [CounterQuantity]) {
        rows[i].pinned.formUnion(columns)
        if conceal { rows[i].concealed.formUnion(columns) }
      }
      switch quantity {
      case .counter(let name):
        guard let i = rows.lastIndex(where: { !$0.isFlow }) else { return }
        mark(i, CounterQuantity.columns(forScript: name, flow: false))
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
        mark(run, CounterQuantity.columns(forScript: total, flow: true))
      default: return
      }
    }
    for command in step.commands {
      made += command.after.flowHistory.count - command.before.flowHistory.count
      if case .expect(let e) = command.line.command { pin(e.quantity) }
    }
    if let exerciseCheck { pin(exerciseCheck, conceal: concealExercise) }
    return rows
  }

  /// The queue's rows: its counts since its `queue` line when the step made the queue (or it had counted nothing
  /// before); else this step's own counts ("this step"), and after them, only when the step's text pins a queue
  /// counter (an `expect kicks == 2`, a `check: kicks`, which count since the `queue` line), the counts since the
  /// `queue` line, labelled so. Earlier steps' kicks never pile up in a row that looks like this step's.
  static func queueRows(
    _ step: StepPlayback, counters: Virtqueue.Counters, transport: EngineTransport, exerciseCheck: ScriptQuantity?
  ) -> [CounterRow] {
    let madeHere = step.commands.contains { if case .queue = $0.line.command { return true } else { return false } }
    let start = step.before.queue?.counters ?? step.before.packedQueue?.counters
    guard !madeHere, let start, start != Virtqueue.Counters() else { return [.queue(counters, transport: transport)] }
    var rows = [CounterRow.queue(counters, since: start, transport: transport)]
    var checks = step.commands.compactMap { command -> ScriptQuantity? in
      if case .expect(let e) = command.line.command { return e.quantity } else { return nil }
    }
    if let exerciseCheck { checks.append(exerciseCheck) }
    let pinsQueue = checks.contains { if case .counter(let name) = $0 { return !CounterQuantity.columns(forScript: name, flow: false).isEmpty } else { return false } }
    if pinsQueue { rows.append(.queue(counters, transport: transport, sinceQueueLine: true)) }
    return rows
  }

  /// A row for each queue the step made (its `queue` lines, as far as the animation has reached), labelled with the
  /// line (`queue 2: size=4 format=packed`), counting from its `queue` line to the next one (or to the frame shown):
  /// every `queue` line starts over, so one row for the step would show only the last queue's counts.
  static func queueRuns(
    _ step: StepPlayback, session: ScriptSession, eventCursor: Int?, transport: EngineTransport?
  ) -> [CounterRow] {
    var starts: [(index: Int, eventsBefore: Int)] = []
    var seen = 0
    for (i, command) in step.commands.enumerated() {
      if case .queue = command.line.command { starts.append((i, seen)) }
      seen += command.events.count
    }
    let reached = starts.filter { start in eventCursor.map { start.eventsBefore < $0 } ?? true }
    let words = starts.map { start in step.commands[start.index].line.text.split(separator: " ").dropFirst().map(String.init) }
    return reached.enumerated().compactMap { k, start -> CounterRow? in
      let made = step.commands[start.index].after
      let end = k + 1 < reached.count ? step.commands[reached[k + 1].index].before : session
      guard let counters = end.queue?.counters ?? end.packedQueue?.counters else { return nil }
      let own = words[k]
      // The short label names what tells this queue from the step's others: its words that some other line lacks.
      let differing = own.filter { word in !words.allSatisfy { $0.contains(word) } }
      let summary = (transport ?? made.transport).summary
      var row = CounterRow.queue(counters, transport: transport ?? made.transport)
      row.label = (["queue \(k + 1):"] + own).joined(separator: " ") + " (\(summary))"
      row.shortLabel = (["queue \(k + 1)"] + differing).joined(separator: " ")
      return row
    }
  }

  /// The last run of each compared flow, in emulated, assigned, virtio order.
  static func compareRuns(_ session: ScriptSession) -> [FlowRun] {
    Flow.compared.compactMap { flow in session.flowHistory.last { $0.flow == flow } }
  }
}
