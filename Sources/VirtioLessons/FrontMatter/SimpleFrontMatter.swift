import Yams

/// The front matter every shipped lesson has, read without Yams: one `key: value` line per key, in printable ASCII,
/// each value a plain scalar or a quoted string without escapes. Composing it with Yams cost the tutor's first
/// frame ≈0.9 M instructions (libyaml, the node tree and its `Hashable` look-ups). Anything else (another key, a
/// key twice, a comment or blank line, a block or flow value, an escape, a non-ASCII byte, an integer that is not
/// plain decimal) gives nil and goes through Yams as before, so every error is still Yams' and the decoder's own.
///
/// What Yams would give for these lines, exactly: a mapping of plain keys in order, each value's text (plain
/// scalars need no folding on one line and have no trailing blanks here; quoted ones without `\` or a doubled
/// quote are their text), its style, and its mark (line in the YAML, 1-based scalar column; on ASCII a byte
/// column). A quoted scalar is `str`-tagged (always text); a plain one's type is ``PlainScalarType/of(plain:)``.
enum SimpleFrontMatter {
  /// A key and its value.
  struct Entry {
    var key: FrontMatterValue
    var value: FrontMatterValue
  }

  /// The entries of `frontMatter`'s lines, or nil when one is not a simple line.
  static func entries(source: SourceText, frontMatter: FrontMatter) -> [Entry]? {
    guard frontMatter.closingLine > 2 else { return nil }
    var entries: [Entry] = []
    var seen: [FrontMatterKey] = []
    for line in 2..<frontMatter.closingLine {
      guard let entry = entry(Array(source.line(line).utf8), yamlLine: line - 1) else { return nil }
      guard let key = FrontMatterKey(rawValue: entry.key.string), !seen.contains(key) else { return nil }
      seen.append(key)
      entries.append(entry)
    }
    return entries
  }

  /// One `key: value` line (line `yamlLine` of the YAML), or nil.
  static func entry(_ bytes: [UInt8], yamlLine: Int) -> Entry? {
    guard bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
    let keyLength = bytes.prefix(while: { (0x61...0x7A).contains($0) || $0 == UInt8(ascii: "_") }).count
    guard keyLength > 0, bytes.count > keyLength + 2, bytes[keyLength] == colon, bytes[keyLength + 1] == space
    else { return nil }
    let text = bytes[(keyLength + 2)...]
    let key = FrontMatterValue(
      scalar: String(decoding: bytes[..<keyLength], as: UTF8.self), type: .text, style: .plain,
      mark: .init(line: yamlLine, column: 1), integer: nil)
    let mark = FrontMatterValue.Mark(line: yamlLine, column: keyLength + 3)
    guard let value = value(text, mark: mark) else { return nil }
    return Entry(key: key, value: value)
  }

  private static let colon = UInt8(ascii: ":")
  private static let space = UInt8(ascii: " ")
  private static let doubleQuote = UInt8(ascii: "\"")
  private static let singleQuote = UInt8(ascii: "'")
  /// Bytes a plain scalar may not start with (YAML's indicators).
  private static let indicators = Array("-?:,[]{}#&*!|>'\"%@`".utf8)

  private static func value(_ text: ArraySlice<UInt8>, mark: FrontMatterValue.Mark) -> FrontMatterValue? {
    guard let first = text.first, let last = text.last else { return nil }
    if first == doubleQuote || first == singleQuote {
      let inner = text.dropFirst().dropLast()
      guard text.count >= 2, last == first, !inner.contains(first), !inner.contains(UInt8(ascii: "\\")) else { return nil }
      let style: Node.Scalar.Style = first == doubleQuote ? .doubleQuoted : .singleQuoted
      return FrontMatterValue(scalar: String(decoding: inner, as: UTF8.self), type: .text, style: style, mark: mark, integer: nil)
    }
    // `-`, `?` and `:` may start a plain scalar when a non-blank follows (`-3`); the other indicators may not.
    let signLike = (first == UInt8(ascii: "-") || first == UInt8(ascii: "?") || first == colon) && text.count > 1
      && text[text.startIndex + 1] != space
    guard first != space, signLike || !indicators.contains(first), last != space, last != colon else { return nil }
    for (a, b) in zip(text, text.dropFirst()) where (a == colon && b == space) || (a == space && b == UInt8(ascii: "#")) {
      return nil
    }
    let string = String(decoding: text, as: UTF8.self)
    let type = PlainScalarType.of(plain: string)
    var integer: Int?
    if type == .int {
      guard let number = PlainScalarType.plainDecimal(plain: string) else { return nil }
      integer = number
    }
    return FrontMatterValue(scalar: string, type: type, style: .plain, mark: mark, integer: integer)
  }
}
