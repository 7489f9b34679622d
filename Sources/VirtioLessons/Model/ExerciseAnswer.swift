/// The expected answer of an exercise, as a literal: an integer or a word.
///
/// Integers are written in decimal (`42`, `-1`) or hexadecimal (`0x2a`); they
/// compare by value, so `0x10` matches `16`. Anything else is a word (an
/// error name such as `queueFull`, `yes`, `device`); words compare ignoring
/// case and surrounding blanks, with inner runs of blanks treated as one space.
public enum ExerciseAnswer: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// A whole number.
  case integer(Int)
  /// Any other text, trimmed, inner blanks collapsed to single spaces.
  case word(String)

  /// Reads an answer as a teacher or a learner typed it; `nil` when blank.
  public init?(parsing text: String) {
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
    guard !words.isEmpty else { return nil }
    let joined = words.joined(separator: " ")
    if let number = Self.integer(joined) {
      self = .integer(number)
    } else {
      self = .word(joined)
    }
  }

  /// Whether `response` (a learner's input) is this answer.
  public func matches(_ response: String) -> Bool {
    guard let other = ExerciseAnswer(parsing: response) else { return false }
    switch (self, other) {
    case (.integer(let a), .integer(let b)): return a == b
    case (.word(let a), .word(let b)): return a.lowercased() == b.lowercased()
    default: return false
    }
  }

  /// The answer as it would be typed: decimal for integers.
  public var description: String {
    switch self {
    case .integer(let n): return String(n)
    case .word(let w): return w
    }
  }

  /// Parses `42`, `-7`, `0x1F`, `0X1f`, `-0x10`; `nil` for anything else.
  static func integer(_ text: String) -> Int? {
    var digits = Substring(text)
    var negative = false
    if digits.first == "-" || digits.first == "+" {
      negative = digits.first == "-"
      digits = digits.dropFirst()
    }
    var radix = 10
    if digits.count > 2, digits.hasPrefix("0x") || digits.hasPrefix("0X") {
      radix = 16
      digits = digits.dropFirst(2)
    }
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
    guard let magnitude = Int(digits, radix: radix) else { return nil }
    return negative ? -magnitude : magnitude
  }
}
