import VirtioCore
import VirtioFlows
import VirtioLessons
import VirtioScript

/// Everything a step shows, computed once: the engine before and after the step's scripts, each command with its
/// own snapshot (so the animation can show private state command by command), the step's trace entries, and the
/// flow run a `flow` command produced.
public struct StepPlayback: Sendable {
  /// The engine when the step starts (the previous step's end state).
  public var before: ScriptSession
  /// The engine when the step's scripts have all run.
  public var after: ScriptSession
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

  /// All trace entries of the step, in order.
  public var events: [TraceEntry] { commands.flatMap(\.events) }

  /// Runs `scripts` starting from `session`.
  public init(scripts: [StepScript], from session: ScriptSession) {
    before = session
    memoryBefore = session.memoryPosition
    var current = session
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
        let start = current
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
        let replaced = { if case .queue = line.command { return true } else { return false } }()
        // A `queue` command starts a new trace: take all of it, not what follows the old queue's sequence.
        let added = Self.trace(of: current).map { Array(replaced ? $0.entries[...] : $0.entries(after: seen - 1)) } ?? []
        commands.append(
          CommandPlayback(
            line: line, before: start, after: current, events: added, memoryBefore: startPosition,
            memoryAfter: current.memoryPosition))
      }
      ends.append(commands.count)
    }
    scriptEnds = ends
    after = current
    memoryAfter = current.memoryPosition
    self.commands = commands
    self.flow = flow
    self.problem = problem
  }

  /// The step as far as its first `scripts` scripts ran (all of it when it has no more): the engine's own
  /// snapshots, cut after the last command of those scripts. A step held for its exercise shows this (its
  /// ``Exercise/prelude``, or nothing of the step for 0), so nothing the held commands did is on screen.
  public func prefix(scripts count: Int) -> StepPlayback {
    guard count < scriptEnds.count else { return self }
    let kept = commandCount(scripts: count)
    var cut = self
    cut.commands = Array(commands.prefix(kept))
    cut.scriptEnds = Array(scriptEnds.prefix(max(0, count)))
    cut.problem = nil
    if let last = cut.commands.last {
      cut.after = last.after
      cut.memoryAfter = last.memoryAfter
    } else {
      cut.after = before
      cut.memoryAfter = memoryBefore
    }
    cut.flow = cut.commands.last { if case .flow = $0.line.command { return true } else { return false } }?.after.flowRun
    return cut
  }

  /// How many commands the step's first `scripts` scripts ran (all of them when it has no more).
  public func commandCount(scripts count: Int) -> Int {
    guard count < scriptEnds.count else { return commands.count }
    return count <= 0 ? 0 : scriptEnds[count - 1]
  }

  /// The trace of the session's queue, split or packed.
  static func trace(of session: ScriptSession) -> Trace? { session.queue?.trace ?? session.packedQueue?.trace }
}
