import VirtioCore

extension ScriptSession {
  /// The current value of a quantity.
  public func evaluate(_ quantity: ScriptQuantity, memory view: GuestMemoryView? = nil) -> Result<ScriptValue, ScriptEvaluationError> {
    if case .error = quantity { return .success(.name(lastError?.error.kind.rawValue ?? "none")) }
    if case .flow(let name) = quantity {
      return flowTotal(name)
    }
    if let p = packedQueue { return p.evaluate(quantity, memory: view, session: self) }
    guard let q = queue else { return .failure(.init(rejectedQueueProblem(detailed: false) ?? "no queue yet")) }
    return q.evaluate(quantity, memory: view, session: self)
  }

  /// Evaluates a quantity written as text (an exercise's `check:`), e.g. `used.idx` or `flow.exits`.
  public func evaluate(_ text: String, memory view: GuestMemoryView? = nil) -> Result<ScriptValue, ScriptEvaluationError> {
    guard let quantity = ScriptQuantity(parsing: text.trimmingSpaces()) else {
      return .failure(.init("unknown quantity '\(text)'"))
    }
    return evaluate(quantity, memory: view)
  }

  mutating func check(_ expectation: Expectation, line: ScriptLine, file: String) throws(ScriptFailure) {
    let actual: ScriptValue
    switch evaluate(expectation.quantity) {
    case .success(let value): actual = value
    case .failure(let error):
      throw ScriptFailure(.expectation, "expect \(expectation.quantity): \(error.message)", file: file, line: line.line, column: line.column)
    }
    guard expectation.holds(for: actual) else {
      throw ScriptFailure(
        .expectation,
        "expectation failed: \(expectation.quantity) \(expectation.comparison.rawValue) \(expectation.value), but it is \(actual)",
        file: file, line: line.line, column: line.column)
    }
    if case .error = expectation.quantity, expectation.comparison == .equal {
      unclaimedErrors.removeAll { $0.error.kind.rawValue == actual.description }
    }
  }
}

/// Why a quantity has no value.
public struct ScriptEvaluationError: Error, Equatable, Sendable {
  public var message: String
  public init(_ message: String) { self.message = message }
}

extension String {
  func trimmingSpaces() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" { s.removeLast() }
    return String(s)
  }
}
