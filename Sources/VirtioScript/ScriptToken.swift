/// A whitespace-separated word of a script line, with its 1-based column. Double-quoted words keep their spaces.
struct ScriptToken: Equatable {
  var text: String
  var column: Int

  /// Splits a line into tokens, stopping at a `#` comment outside quotes. Returns nil and the column of an
  /// unterminated quote.
  static func split(_ line: String) -> (tokens: [ScriptToken], unterminatedQuote: Int?) {
    var tokens: [ScriptToken] = []
    var current = ""
    var start = 0
    var inQuote = false
    var quoteColumn = 0
    var column = 0
    for ch in line {
      column += 1
      if inQuote {
        if ch == "\"" { inQuote = false } else { current.append(ch) }
        continue
      }
      if ch == "#" && current.isEmpty { break }
      if ch == " " || ch == "\t" {
        if !current.isEmpty || start > 0 { tokens.append(ScriptToken(text: current, column: start)) }
        current = ""
        start = 0
        continue
      }
      if start == 0 { start = column }
      if ch == "\"" {
        inQuote = true
        quoteColumn = column
      } else {
        current.append(ch)
      }
    }
    if inQuote { return (tokens, quoteColumn) }
    if start > 0 { tokens.append(ScriptToken(text: current, column: start)) }
    return (tokens, nil)
  }

  /// `key=value` split, or nil when the token has no `=`.
  var keyValue: (key: String, value: String, valueColumn: Int)? {
    guard let eq = text.firstIndex(of: "=") else { return nil }
    let key = String(text[..<eq])
    let value = String(text[text.index(after: eq)...])
    return (key, value, column + key.count + 1)
  }
}

/// Number parsing shared by the parser: decimal, `0x` hex, and for sizes a `K`/`M` suffix.
enum ScriptNumber {
  static func parse(_ text: String) -> UInt64? {
    let t = text.lowercased().removingUnderscores()
    if t.hasPrefix("0x") { return UInt64(t.dropFirst(2), radix: 16) }
    return UInt64(t)
  }

  static func parseSize(_ text: String) -> UInt64? {
    let t = text.lowercased()
    if t.hasSuffix("k"), let n = parse(String(t.dropLast())) { return n.multipliedReportingOverflow(by: 1024).overflow ? nil : n * 1024 }
    if t.hasSuffix("m"), let n = parse(String(t.dropLast())) { return n.multipliedReportingOverflow(by: 1 << 20).overflow ? nil : n << 20 }
    return parse(t)
  }

  /// `de ad be ef` or `deadbeef` (optionally `0x`-prefixed) as bytes.
  static func parseHexBytes(_ text: String) -> [UInt8]? {
    var t = text.lowercased().removingUnderscores()
    if t.hasPrefix("0x") { t.removeFirst(2) }
    guard !t.isEmpty, t.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    var i = t.startIndex
    while i < t.endIndex {
      let j = t.index(i, offsetBy: 2)
      guard let b = UInt8(t[i..<j], radix: 16) else { return nil }
      bytes.append(b)
      i = j
    }
    return bytes
  }
}

extension String {
  func removingUnderscores() -> String { String(filter { $0 != "_" }) }
}
