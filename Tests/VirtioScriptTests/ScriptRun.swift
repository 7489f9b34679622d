import VirtioCore
@testable import VirtioScript

/// Parses `text` as a script file `t.virtio` and runs it in a fresh session: the session (its queue, trace and
/// state after the run) and the outcome (lines run, the first failure). Shared by the script suites.
func runScript(_ text: String) throws -> (ScriptSession, ScriptSession.Outcome) {
  let script = try ScriptParser(file: "t.virtio").parse(text)
  var session = ScriptSession()
  let outcome = session.run(script)
  return (session, outcome)
}
