/// Reads auto-advance times: `5`, `2.5`, `5s`, `2.5s` (seconds, greater than 0, at most a day).
enum Seconds {
  static func parse(_ text: String) -> Double? {
    var body = Substring(text).trimmingBlanks()
    if body.hasSuffix("s") { body = body.dropLast() }
    guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
      let value = Double(body), value.isFinite, value > 0, value <= 86_400
    else { return nil }
    return value
  }
}

extension Substring {
  /// Without leading and trailing spaces and tabs.
  func trimmingBlanks() -> Substring {
    var result = self
    while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
    while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
    return result
  }
}

extension String {
  /// Without leading and trailing spaces, tabs and newlines.
  func trimmingWhitespace() -> String {
    var result = Substring(self)
    while let first = result.first, first.isWhitespace { result = result.dropFirst() }
    while let last = result.last, last.isWhitespace { result = result.dropLast() }
    return String(result)
  }
}

extension StringProtocol {
  /// The text as quoted in a diagnostic: on one line, at most 40 characters.
  var shown: String {
    let flat = String(self).map { $0 == "\n" || $0 == "\t" || $0 == "\r\n" ? " " : $0 }
    return flat.count > 40 ? String(flat.prefix(39)) + "…" : String(flat)
  }
}
