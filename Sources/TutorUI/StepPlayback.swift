import VirtioCore
import VirtioFlows
import VirtioLessons
import VirtioScript

/// Everything a step shows, computed once: the engine before and after the step's scripts, each command with its
/// own snapshot (so the animation can show private state command by command), the step's trace entries, and the
/// flow run a `flow` command produced.
public struct StepPlayback: Sendable {
  /// The engine when the step starts (the previous step's end state).
  public var before: ScriptSession {
    get { boxedBefore.session }
    set { boxedBefore = SessionBox(newValue) }
  }
  /// The engine when the step's scripts have all run.
  public var after: ScriptSession {
    get { boxedAfter.session }
    set { boxedAfter = SessionBox(newValue) }
  }
  /// ``before`` and ``after`` by reference (``SessionBox``; shared with the first and last commands' snapshots).
  private var boxedBefore: SessionBox
  private var boxedAfter: SessionBox
  /// The write-log position of `after`'s memory at the step's end.
  public var memoryAfter: Int
  /// The write-log position of `before`'s memory at the step's start.
  public var memoryBefore: Int
  /// Guest memory at the step's end (a view: later steps' writes are undone as it reads).
  public var memoryAtEnd: GuestMemoryView? { after.memory(at: memoryAfter) }
  /// Guest memory at the step's start.
  public var memoryAtStart: GuestMemoryView? { before.memory(at: memoryBefore) }
  /// The commands in order.
  public var commands: [CommandPlayback]
  /// The flow run this step produced, if any.
  public var flow: FlowRun?
  /// The first problem running the step's scripts, if any (the rest of the step's scripts were skipped).
  public var problem: PlaybackProblem?
  /// How many commands had run when each of the step's scripts ended, for the scripts that ran to their end.
  public var scriptEnds: [Int] = []
  /// How many of the step's first commands are its set-up: a leading `queue` line, or `driver reset` then `driver
  /// init` (the step starts over), and the `driver init`, `device strict` and `expect` lines right after it
  /// (``setUpLength(_:)``). The step opens with them already run: its first frame is the
  /// engine's state after them, not the previous step's queue, which the step replaces or resets. 0 when the step
  /// does not start over, or its first script says `continues` (the reset is what the step shows).
  public var setUpCommands = 0
  /// How many trace entries the set-up commands made (the animation starts after them).
  public var setUpEvents: Int { commands.prefix(setUpCommands).reduce(0) { $0 + $1.events.count } }

  /// All trace entries of the step, in order.
  public var events: [TraceEntry] { commands.flatMap(\.events) }

  /// Runs `scripts` starting from `session`.
  public init(scripts: [StepScript], from session: ScriptSession) {
    boxedBefore = SessionBox(session)
    memoryBefore = session.memoryPosition
    var current = session
    var currentBox = boxedBefore
    var commands: [CommandPlayback] = []
    var problem: PlaybackProblem?
    var flow: FlowRun?
    var ends: [Int] = []
    scripts: for script in scripts {
      let parsed: Script
      do {
        parsed = try script.parsed()
      } catch {
        problem = PlaybackProblem(message: error.message, file: error.file, line: error.line, column: error.column)
        break
      }
      for line in parsed.lines {
        let start = currentBox
        let startPosition = current.memoryPosition
        let seen = Self.trace(of: current)?.nextSequence ?? 1
        do {
          try current.execute(line, file: parsed.file)
        } catch {
          problem = PlaybackProblem(message: error.message, file: error.file, line: error.line, column: error.column)
          break scripts
        }
        if case .flow = line.command {
          flow = current.flowRun
          // Only the step's last run is animated; the sessions kept for earlier commands need its totals alone,
          // so a step of many flow commands does not hold every run's thousands of steps.
          for k in commands.indices {
            commands[k].before = commands[k].before.droppingFlowDetail()
            commands[k].after = commands[k].after.droppingFlowDetail()
          }
        }
        currentBox = SessionBox(current)
        let replaced = { if case .queue = line.command { return true } else { return false } }()
        // A `queue` command starts a new trace: take all of it, not what follows the old queue's sequence.
        let added = Self.trace(of: current).map { Array(replaced ? $0.entries[...] : $0.entries(after: seen - 1)) } ?? []
        commands.append(
          CommandPlayback(
            line: line, before: start, after: currentBox, events: added, memoryBefore: startPosition,
            memoryAfter: current.memoryPosition))
      }
      ends.append(commands.count)
    }
    scriptEnds = ends
    setUpCommands = scripts.first?.continues == true ? 0 : Self.setUpLength(commands.map(\.line.command))
    // A command that failed may have changed the session before it threw: `after` is the session as it was left.
    boxedAfter = problem == nil ? currentBox : SessionBox(current)
    memoryAfter = current.memoryPosition
    self.commands = commands
    self.flow = flow
    self.problem = problem
  }

  /// The number of leading commands that start the queue over and bring it up (``setUpCommands``): a `queue` line,
  /// or a reset (status 0, VIRTIO 1.x §2.1) followed by `driver init` (§3.1.1 in one go), then more of the same and
  /// the `driver init`, `device strict` and `expect` lines after them. A reset followed by the status sequence
  /// written out (`driver status ACKNOWLEDGE` …) is what its step teaches, not a set-up.
  static func setUpLength(_ commands: [ScriptCommand]) -> Int {
    var length = 0
    while length < commands.count {
      if case .queue = commands[length] {
        length += 1
      } else if let reset = resetThenInit(commands[length...]) {
        length += reset
      } else if length > 0, bringsUp(commands[length]) {
        length += 1
      } else {
        break
      }
    }
    return length
  }

  /// How many commands a reset, the `expect`s after it and the `driver init` that follows take; nil when the
  /// commands do not start with a reset followed by `driver init`.
  static func resetThenInit(_ commands: ArraySlice<ScriptCommand>) -> Int? {
    guard case .driverStatus(let bits)? = commands.first, bits.isEmpty else { return nil }
    var k = commands.startIndex + 1
    while k < commands.endIndex, case .expect = commands[k] { k += 1 }
    guard k < commands.endIndex, case .driverInit = commands[k] else { return nil }
    return k + 1 - commands.startIndex
  }

  /// What brings a new or reset queue up, or checks it.
  static func bringsUp(_ command: ScriptCommand) -> Bool {
    switch command {
    case .driverInit, .deviceStrict, .expect: return true
    default: return false
    }
  }

  /// The step as far as its first `scripts` scripts ran (all of it when it has no more), and never less than its
  /// set-up (``setUpCommands``): the engine's own snapshots, cut after the last command of those scripts. A step
  /// held for its exercise shows this (its ``Exercise/prelude``, or only its set-up for 0), so nothing the held
  /// commands did is on screen.
  public func prefix(scripts count: Int) -> StepPlayback {
    guard count < scriptEnds.count else { return self }
    let kept = max(commandCount(scripts: count), setUpCommands)
    guard kept < commands.count else { return self }
    var cut = self
    cut.commands = Array(commands.prefix(kept))
    cut.scriptEnds = Array(scriptEnds.prefix(max(0, count)))
    cut.problem = nil
    if let last = cut.commands.last {
      cut.boxedAfter = last.boxedAfter
      cut.memoryAfter = last.memoryAfter
    } else {
      cut.boxedAfter = boxedBefore
      cut.memoryAfter = memoryBefore
    }
    cut.flow = cut.commands.last { if case .flow = $0.line.command { return true } else { return false } }?.after.flowRun
    return cut
  }

  /// How many commands a hold on the step's first `scripts` scripts plays: those scripts' commands, at least the
  /// set-up's.
  public func heldCommandCount(scripts count: Int) -> Int { max(commandCount(scripts: count), setUpCommands) }

  /// How many commands the step's first `scripts` scripts ran (all of them when it has no more).
  public func commandCount(scripts count: Int) -> Int {
    guard count < scriptEnds.count else { return commands.count }
    return count <= 0 ? 0 : scriptEnds[count - 1]
  }

  /// The trace of the session's queue, split or packed.
  static func trace(of session: ScriptSession) -> Trace? { session.queue?.trace ?? session.packedQueue?.trace }
}
