import VirtioCore

extension ScriptSession {
  mutating func runFlow(name: String, arguments: [String: String], usage: (String) -> ScriptFailure) throws(ScriptFailure) {
    throw usage("flow '\(name)': the flow models are not wired into scripts yet")
  }

  func flowTotal(_ name: String) -> Result<ScriptValue, ScriptEvaluationError> {
    .failure(.init("no flow has run yet"))
  }
}
