import VirtioLessons
import VirtioScript

/// The sandbox command line (`c` in a ring step, or `virtio-tutor sandbox`): the learner types script commands and
/// the ring pane animates them with the lesson's own machinery. The sandbox runs on its own engine, rebuilt from the
/// lesson's setup and the scripts of every step up to the current one, so the lesson's recorded steps are never
/// touched and leaving returns to the step exactly as it was.
public struct SandboxState: Sendable {
  /// The script that rebuilt the engine (setup and the steps' scripts), the first part of a `:save`d file.
  public var prefix: [String]
  /// The commands that ran, in order (the rest of a `:save`d file).
  public internal(set) var executed: [String] = []
  /// The last command's playback (what the ring pane animates); before any command, the rebuilt state.
  public internal(set) var playback: StepPlayback
  /// What is being typed.
  public internal(set) var line = ""
  /// Everything entered, for ↑/↓.
  public internal(set) var history: [String] = []
  /// The history entry shown, while browsing it.
  public internal(set) var historyIndex: Int?
  /// The last command's error and its column in the typed line (1-based).
  public internal(set) var error: (message: String, column: Int)?
  /// Completions offered by the last Tab, when there were several.
  public internal(set) var candidates: [String] = []
  /// The lesson step's animation as it was when the sandbox opened (restored on leaving).
  var resume: (cursor: Int, phase: Int, held: Bool, playing: Bool, notice: String?)

  /// The engine after everything that ran.
  public var session: ScriptSession { playback.after }

  /// Rebuilds the engine from `prefix` (each entry one script) on a fresh session of its own.
  init(prefix: [String], resume: (cursor: Int, phase: Int, held: Bool, playing: Bool, notice: String?)) {
    self.prefix = prefix
    self.resume = resume
    let scripts = prefix.enumerated().map { StepScript(source: $1, position: SourcePosition(file: "sandbox", line: $0 + 1, column: 1)) }
    let rebuilt = StepPlayback(scripts: scripts, from: ScriptSession(journaling: true))
    playback = StepPlayback(scripts: [], from: rebuilt.after)
  }

  /// Runs one command; on success it becomes the animated playback and part of the saved script.
  mutating func run(_ command: String) -> Bool {
    let parsed: Script
    do {
      parsed = try ScriptParser(file: "sandbox").parse(command)
    } catch {
      self.error = (error.message, error.column)
      return false
    }
    guard !parsed.lines.isEmpty else { return false }
    let next = StepPlayback(
      scripts: [StepScript(source: command, position: SourcePosition(file: "sandbox", line: 1, column: 1), continues: true)],
      from: session)
    if let problem = next.problem {
      self.error = (problem.message, problem.column)
      // An `expect` that fails leaves the engine as it was: nothing ran that needs replaying.
      return false
    }
    playback = next
    executed.append(command)
    error = nil
    return true
  }

  /// Whether `expect GOAL` holds now (checked by the engine, on the sandbox's session).
  func satisfies(goal: String) -> Bool {
    guard let parsed = try? ScriptParser(file: "goal").parse("expect " + goal), let line = parsed.lines.first else { return false }
    var probe = session
    do {
      try probe.execute(line, file: "goal")
      return true
    } catch {
      return false
    }
  }

  /// The session as a `.virtio` script that `virtio-tutor trace` replays exactly: the rebuilt prefix, then every
  /// command that ran.
  public func script(header: String) -> String {
    (["# " + header] + prefix + ["# sandbox"] + executed).joined(separator: "\n") + "\n"
  }
}
