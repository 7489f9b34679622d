import VirtioScript

/// ``ScriptEvaluating`` backed by the real engine (`VirtioScript`'s parser and session).
public struct EngineScriptEvaluator: ScriptEvaluating, Sendable {
  private var session = ScriptSession(tracing: false)

  /// Creates an evaluator with an empty engine.
  public init() {}

  /// Parses `script` (``StepScript/parsed()``, the tutor's parse); its first syntax error, if any.
  public func syntaxProblem(in script: StepScript) -> ScriptProblem? {
    do {
      _ = try script.parsed()
      return nil
    } catch {
      return Self.problem(error.message, line: error.line, column: error.column, in: script)
    }
  }

  /// A problem at a file position, reported relative to `script`.
  static func problem(_ message: String, line: Int, column: Int, in script: StepScript) -> ScriptProblem {
    let at = script.relative(line: line, column: column)
    return ScriptProblem(message: message, line: at.line, column: at.column)
  }

  /// Drops the engine and starts an empty session.
  public mutating func reset() { session = ScriptSession(tracing: false) }

  /// Parses and runs `script` in the session; the first failure, if any.
  public mutating func run(_ script: StepScript) -> ScriptProblem? {
    let parsed: Script
    do {
      parsed = try script.parsed()
    } catch {
      return Self.problem(error.message, line: error.line, column: error.column, in: script)
    }
    switch session.run(parsed) {
    case .completed:
      return nil
    case .failed(let failure):
      return Self.problem(failure.message, line: failure.line, column: failure.column, in: script)
    case .unexpectedError(let located):
      let column = parsed.lines.first(where: { $0.line == located.line })?.column ?? script.position.column
      return Self.problem(
        "unexpected ring error \(located.error); add 'expect error == \(located.error.kind.rawValue)' if it is the point",
        line: located.line, column: column, in: script)
    }
  }

  /// Evaluates a quantity (`used.idx`, `kicks`, `flow.exits`) in the session.
  public func evaluate(_ expression: String) -> Result<EngineValue, ScriptProblem> {
    switch session.evaluate(expression) {
    case .success(let value): return .success(EngineValue(value))
    case .failure(let error): return .failure(ScriptProblem(message: error.message))
    }
  }
}

extension EngineValue {
  /// Wraps a script-language value (for the tutor, which holds its own `ScriptSession`):
  /// `EngineValue(value).matches(answer)` checks a learner's answer to a `check:`-only exercise.
  public init(_ value: ScriptValue) {
    switch value {
    case .number(let n), .bits(let n, _): self.init(text: value.description, number: n)
    case .name: self.init(text: value.description)
    }
  }
}
