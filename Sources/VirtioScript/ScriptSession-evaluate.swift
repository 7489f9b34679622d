import VirtioCore

extension ScriptSession {
  /// The current value of a quantity.
  public func evaluate(_ quantity: ScriptQuantity, memory view: GuestMemoryView? = nil) -> Result<ScriptValue, ScriptEvaluationError> {
    if case .error = quantity { return .success(.name(lastError?.error.kind.rawValue ?? "none")) }
    if case .flow(let name) = quantity {
      return flowTotal(name)
    }
    if let p = packedQueue { return evaluatePacked(quantity, p, memory: view) }
    guard let q = queue else { return .failure(.init("no queue yet")) }
    switch quantity {
    case .field(let field):
      do {
        return .success(.number(try q.value(of: field, in: view)))
      } catch {
        return .failure(.init(error.message))
      }
    case .address(let field):
      guard let (address, _) = q.layout.location(of: field) else { return .failure(.init("\(field) is outside the queue")) }
      return .success(.number(address))
    case .status:
      return .success(.bits(UInt64(q.registers.status.rawValue), q.registers.status.description))
    case .features:
      return .success(.bits(q.negotiated.rawValue, q.negotiated.description))
    case .counter(let name):
      guard let n = counter(name, q) else { return .failure(.init("\(name) has no value yet")) }
      return .success(.number(n))
    case .error, .flow:
      return .failure(.init("unreachable"))
    }
  }

  /// Evaluates a quantity written as text (an exercise's `check:`), e.g. `used.idx` or `flow.exits`.
  public func evaluate(_ text: String, memory view: GuestMemoryView? = nil) -> Result<ScriptValue, ScriptEvaluationError> {
    guard let quantity = ScriptQuantity(parsing: text.trimmingSpaces()) else {
      return .failure(.init("unknown quantity '\(text)'"))
    }
    return evaluate(quantity, memory: view)
  }

  private func counter(_ name: String, _ q: Virtqueue) -> UInt64? {
    let c = q.counters
    switch name {
    case "kicks": return UInt64(c.kicks)
    case "kicks_suppressed": return UInt64(c.kicksSuppressed)
    case "interrupts": return UInt64(c.interrupts)
    case "interrupts_suppressed": return UInt64(c.interruptsSuppressed)
    case "added": return UInt64(c.chainsAdded)
    case "popped": return UInt64(c.chainsPopped)
    case "pushed": return UInt64(c.chainsPushed)
    case "reclaimed": return UInt64(c.chainsReclaimed)
    case "spurious": return UInt64(c.spuriousNotifications)
    case "free": return UInt64(q.driver.numFree)
    case "in_flight": return UInt64(q.device.inFlightCount)
    case "outstanding": return UInt64(q.driver.outstandingCount)
    case "last_avail_idx": return UInt64(q.device.lastAvailIdx)
    case "last_used_idx": return UInt64(q.driver.lastUsedIdx)
    case "avail_idx_shadow": return UInt64(q.driver.availIdxShadow)
    case "head": return lastHead.map(UInt64.init)
    case "reclaimed.len": return lastReclaimed.last.map { UInt64($0.length) }
    case "reclaimed.le32":
      guard let bytes = lastReclaimed.last?.written, bytes.count >= 4 else { return nil }
      return bytes.prefix(4).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    default: return nil
    }
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
