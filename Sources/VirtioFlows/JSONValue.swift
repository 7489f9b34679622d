/// A JSON value built without Foundation, so the CLI can encode flow runs with `JSONEncoder` (sorted keys) and the
/// TUI or tests can inspect them directly.
public enum JSONValue: Equatable, Hashable, Sendable, Encodable {
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .bool(let b):
      var c = encoder.singleValueContainer()
      try c.encode(b)
    case .int(let i):
      var c = encoder.singleValueContainer()
      try c.encode(i)
    case .double(let d):
      var c = encoder.singleValueContainer()
      try c.encode(d)
    case .string(let s):
      var c = encoder.singleValueContainer()
      try c.encode(s)
    case .array(let values):
      var c = encoder.unkeyedContainer()
      for value in values { try c.encode(value) }
    case .object(let members):
      var c = encoder.container(keyedBy: Key.self)
      for (key, value) in members { try c.encode(value, forKey: Key(key)) }
    }
  }

  /// The member `key` of an object, if any.
  public subscript(_ key: String) -> JSONValue? {
    if case .object(let members) = self { return members[key] }
    return nil
  }

  /// The elements of an array (empty for other values).
  public var elements: [JSONValue] {
    if case .array(let values) = self { return values }
    return []
  }

  /// A Double for `.int` or `.double`.
  public var number: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .double(let d): return d
    default: return nil
    }
  }

  /// A rounded micro-second figure: 3 decimals keep the JSON stable and readable.
  static func micros(_ value: Double) -> JSONValue { .double((value * 1000).rounded() / 1000) }

  private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }
}
