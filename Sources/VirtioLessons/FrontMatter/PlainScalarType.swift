import Yams

/// The YAML 1.1 types the front matter tells apart (whole numbers, null, text), resolved in Swift.
///
/// The decoder composes with `Resolver.basic`, which resolves nothing, and reads a plain scalar's type here, with
/// exactly the `int` and `null` patterns of Yams' default rules (`Resolver.Rule.int`, `.null`). Yams' rules are
/// `NSRegularExpression`s: compiling the first one starts ICU's regex engine, 8 M instructions before the tutor's
/// first frame (docs/benchmarks.md, "bench ui").
enum PlainScalarType: Equatable {
  case int, null, text

  /// The type of `scalar`: resolved from its text when it has no tag (a plain scalar), else its tag's.
  static func of(_ scalar: Node.Scalar) -> PlainScalarType {
    switch scalar.tag.rawValue {
    case Tag.Name.implicit.rawValue: return of(plain: scalar.string)
    case Tag.Name.int.rawValue: return .int
    case Tag.Name.null.rawValue: return .null
    default: return .text
    }
  }

  /// The type of an untagged plain scalar's text (first matching rule, in Yams' order: int before null).
  static func of(plain text: String) -> PlainScalarType {
    if isInt(Array(text.utf8)[...]) { return .int }
    switch text {
    case "", "~", "null", "Null", "NULL": return .null
    default: return .text
    }
  }

  /// `^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`
  static func isInt(_ text: ArraySlice<UInt8>) -> Bool {
    var digits = text
    if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { digits = digits.dropFirst() }
    guard let first = digits.first else { return false }
    let rest = digits.dropFirst()
    if first == zero {
      if rest.isEmpty { return true }
      if rest.first == UInt8(ascii: "b") { return someAll(rest.dropFirst(), isBinary) }
      if rest.first == UInt8(ascii: "x") { return someAll(rest.dropFirst(), isHex) }
      if rest.first == UInt8(ascii: "o") { return someAll(rest.dropFirst(), isOctal) }
      return someAll(rest, isOctal)
    }
    guard (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(first) else { return false }
    guard let colon = rest.firstIndex(of: UInt8(ascii: ":")) else { return rest.allSatisfy(isDecimal) }
    guard rest[..<colon].allSatisfy(isDecimal) else { return false }
    // One or more `:[0-5]?[0-9]` groups.
    let groups = rest[colon...].split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).dropFirst()
    return groups.allSatisfy { group in
      switch group.count {
      case 1: return isDigit(group[group.startIndex])
      case 2: return (zero...UInt8(ascii: "5")).contains(group[group.startIndex]) && isDigit(group[group.startIndex + 1])
      default: return false
      }
    }
  }

  /// The value Yams' `Int.construct(from:)` gives a plain scalar written as `0` or as decimal digits without a
  /// leading zero or `_` (an optional sign first), read without it: Yams first rewrites the text through
  /// `NSString.replacingOccurrences`, whose UTF-16 path costs two conformance scans of the static binary on the
  /// start-up path. Nil for every other text (Yams then reads it: octal, hex, binary, sexagesimal, `_`).
  static func plainDecimal(_ scalar: Node.Scalar) -> Int? {
    guard scalar.style == .any || scalar.style == .plain else { return nil }
    return plainDecimal(plain: scalar.string)
  }

  /// ``plainDecimal(_:)`` of a plain scalar's text.
  static func plainDecimal(plain string: String) -> Int? {
    let utf8 = string.utf8
    if utf8.elementsEqual([zero]) { return 0 }
    var digits = utf8[...]
    if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { digits = digits.dropFirst() }
    guard let first = digits.first, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(first), digits.allSatisfy(isDigit)
    else { return nil }
    return Int(string)
  }

  private static let zero = UInt8(ascii: "0")
  private static let underscore = UInt8(ascii: "_")

  private static func someAll(_ bytes: ArraySlice<UInt8>, _ test: (UInt8) -> Bool) -> Bool {
    !bytes.isEmpty && bytes.allSatisfy(test)
  }
  private static func isDigit(_ b: UInt8) -> Bool { (zero...UInt8(ascii: "9")).contains(b) }
  private static func isDecimal(_ b: UInt8) -> Bool { isDigit(b) || b == underscore }
  private static func isBinary(_ b: UInt8) -> Bool { b == zero || b == UInt8(ascii: "1") || b == underscore }
  private static func isOctal(_ b: UInt8) -> Bool { (zero...UInt8(ascii: "7")).contains(b) || b == underscore }
  private static func isHex(_ b: UInt8) -> Bool {
    isDecimal(b) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(b)
  }
}
