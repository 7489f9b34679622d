import VirtioCore

/// `expect QUANTITY OP VALUE`: an assertion about the engine's state.
public struct Expectation: Equatable, Sendable {
  /// How to compare.
  public enum Comparison: String, Equatable, Sendable, CaseIterable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    /// All bits of the right side are set (status, features, flags).
    case has
  }

  public var quantity: ScriptQuantity
  public var comparison: Comparison
  public var value: ScriptValue

  public init(quantity: ScriptQuantity, comparison: Comparison, value: ScriptValue) {
    self.quantity = quantity
    self.comparison = comparison
    self.value = value
  }

  /// Whether `actual` satisfies the expectation.
  public func holds(for actual: ScriptValue) -> Bool {
    switch (actual.number, value.number, comparison) {
    case (.some(let a), .some(let b), _):
      switch comparison {
      case .equal: return a == b
      case .notEqual: return a != b
      case .less: return a < b
      case .lessOrEqual: return a <= b
      case .greater: return a > b
      case .greaterOrEqual: return a >= b
      case .has: return a & b == b
      }
    case (_, _, .equal): return actual.matches(value)
    case (_, _, .notEqual): return !actual.matches(value)
    default: return false
    }
  }
}

/// A value a script can read from the engine or from a flow run.
public enum ScriptQuantity: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// A ring field in guest memory.
  case field(RingField)
  /// The most recent error's name, or `none`.
  case error
  /// The device status byte.
  case status
  /// The negotiated features.
  case features
  /// A named counter or private index: `kicks`, `kicks_suppressed`, `interrupts`, `interrupts_suppressed`,
  /// `free`, `in_flight`, `outstanding`, `last_avail_idx`, `last_used_idx`, `avail_idx_shadow`, `added`, `popped`,
  /// `pushed`, `reclaimed`, `spurious`, `reclaimed.len`, `reclaimed.le32`, `head`; for a packed queue also
  /// `driver.wrap` (the avail wrap counter), `device.wrap`, `driver.used_wrap`, `device.used_wrap`.
  case counter(String)
  /// A total of the last flow run: `flow.exits`, `flow.interrupts`, `flow.kicks`, `flow.dma`, `flow.cycles`, …
  case flow(String)
  /// The guest-physical address of a ring field: `&used.idx`, `&desc[3].next`.
  case address(RingField)

  /// The counter names `counter` accepts.
  public static let counterNames = [
    "kicks", "kicks_suppressed", "interrupts", "interrupts_suppressed", "free", "in_flight", "outstanding",
    "last_avail_idx", "last_used_idx", "avail_idx_shadow", "added", "popped", "pushed", "reclaimed", "spurious",
    "reclaimed.len", "reclaimed.le32", "head", "driver.wrap", "device.wrap", "driver.used_wrap", "device.used_wrap",
  ]

  /// Parses a quantity name, or nil.
  public init?(parsing text: String) {
    let t = text.lowercased()
    switch t {
    case "error": self = .error
    case "status": self = .status
    case "features": self = .features
    default:
      if Self.counterNames.contains(t) {
        self = .counter(t)
      } else if t.hasPrefix("flow.") && t.count > 5 {
        self = .flow(String(t.dropFirst(5)))
      } else if t.hasPrefix("&"), let field = RingField(parsing: String(t.dropFirst())) {
        self = .address(field)
      } else if let field = RingField(parsing: t) {
        self = .field(field)
      } else {
        return nil
      }
    }
  }

  public var description: String {
    switch self {
    case .field(let f): return f.description
    case .error: return "error"
    case .status: return "status"
    case .features: return "features"
    case .counter(let name): return name
    case .flow(let name): return "flow.\(name)"
    case .address(let f): return "&\(f)"
    }
  }
}

/// A value in the script language: a number or a name.
public enum ScriptValue: Equatable, Hashable, Sendable, CustomStringConvertible {
  case number(UInt64)
  case name(String)
  /// A bit set with its symbolic spelling (status, features).
  case bits(UInt64, String)

  public var description: String {
    switch self {
    case .number(let n): return String(n)
    case .name(let s): return s
    case .bits(_, let s): return s
    }
  }

  /// The numeric value of a number or a bit set.
  public var number: UInt64? {
    switch self {
    case .number(let n), .bits(let n, _): return n
    case .name: return nil
    }
  }

  /// Equality that accepts a number for a bit set and any letter case for names.
  public func matches(_ other: ScriptValue) -> Bool {
    switch (self, other) {
    case (.number(let a), .number(let b)), (.bits(let a, _), .number(let b)), (.number(let a), .bits(let b, _)),
      (.bits(let a, _), .bits(let b, _)):
      return a == b
    case (.name(let a), .name(let b)): return a.lowercased() == b.lowercased()
    case (.bits(_, let a), .name(let b)), (.name(let b), .bits(_, let a)): return a.lowercased() == b.lowercased()
    default: return false
    }
  }
}
