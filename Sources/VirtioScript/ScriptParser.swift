import VirtioCore

/// Parses the engine's line-oriented script language into a ``Script``.
///
/// One command per line; `#` starts a comment; words are separated by spaces; arguments are `key=value`.
/// Every mistake is reported at its exact `file:line:col`.
public struct ScriptParser {
  let file: String
  let firstLine: Int
  let firstColumn: Int

  /// - Parameters:
  ///   - file: the name used in messages.
  ///   - firstLine: the file line of the script's first line (scripts embedded in lessons start mid-file).
  ///   - firstColumn: the file column of the script's first character (a fence indented inside a list), so that
  ///     every position a script reports, while parsing or running, is a position in the file.
  public init(file: String, firstLine: Int = 1, firstColumn: Int = 1) {
    self.file = file
    self.firstLine = firstLine
    self.firstColumn = max(1, firstColumn)
  }

  /// Parses `text`, or throws the first syntax error.
  public func parse(_ text: String) throws(ScriptFailure) -> Script {
    var lines: [ScriptLine] = []
    for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if let line = try parse(line: raw, number: firstLine + offset) { lines.append(line) }
    }
    return Script(file: file, lines: lines)
  }

  /// Parses one line of a script (`number` is its file line); nil for a blank or comment line. What a caller that
  /// streams a long script uses, so that it never holds every parsed line at once.
  public func parse(line raw: Substring, number lineNumber: Int) throws(ScriptFailure) -> ScriptLine? {
    let source = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
    let (tokens, quote) = ScriptToken.split(source)
    if let column = quote { throw fail("unterminated quote", lineNumber, column) }
    guard let first = tokens.first else { return nil }
    var context = LineContext(parser: self, line: lineNumber, tokens: tokens)
    let command = try context.command()
    let text = source.prefix { $0 != "#" }.trimmingTrailingSpaces()
    return ScriptLine(command: command, line: lineNumber, column: first.column + firstColumn - 1, text: text)
  }

  /// A syntax error at `column` of the script line (turned into a file column).
  func fail(_ message: String, _ line: Int, _ column: Int) -> ScriptFailure {
    ScriptFailure(.syntax, message, file: file, line: line, column: column + firstColumn - 1)
  }
}

extension Substring {
  func trimmingTrailingSpaces() -> String {
    var s = self
    while let last = s.last, last == " " || last == "\t" { s.removeLast() }
    return String(s)
  }
}

/// Parsing state for one line.
struct LineContext {
  let parser: ScriptParser
  let line: Int
  let tokens: [ScriptToken]

  func fail(_ message: String, at token: ScriptToken) -> ScriptFailure {
    parser.fail(message, line, token.column)
  }

  func fail(_ message: String, column: Int) -> ScriptFailure { parser.fail(message, line, column) }

  mutating func command() throws(ScriptFailure) -> ScriptCommand {
    let head = tokens[0]
    switch head.text.lowercased() {
    case "queue": return .queue(try queueSetup())
    case "driver": return try driverCommand()
    case "device": return try deviceCommand()
    case "poke": return try poke()
    case "expect": return .expect(try expectation())
    case "flow": return try flow()
    case "note":
      return .note(tokens.dropFirst().map(\.text).joined(separator: " "))
    default:
      throw fail(
        "unknown command '\(head.text)'" + hint(head.text, ["queue", "driver", "device", "poke", "expect", "flow", "note"]),
        at: head)
    }
  }

  /// `key=value` arguments after the first `skip` tokens, checked against `allowed`.
  func arguments(after skip: Int, allowed: [String]) throws(ScriptFailure) -> [String: (String, Int)] {
    var result: [String: (String, Int)] = [:]
    for token in tokens.dropFirst(skip) {
      guard let (key, value, valueColumn) = token.keyValue else {
        throw fail("expected key=value, found '\(token.text)'", at: token)
      }
      let k = key.lowercased()
      guard allowed.contains(k) else {
        throw fail("unknown argument '\(key)'" + hint(k, allowed) + "; expected one of: " + allowed.joined(separator: ", "), at: token)
      }
      guard result[k] == nil else { throw fail("argument '\(key)' given twice", at: token) }
      guard !value.isEmpty else { throw fail("argument '\(key)' needs a value", column: valueColumn) }
      result[k] = (value, valueColumn)
    }
    return result
  }

  func number(_ arg: (String, Int)?, _ name: String) throws(ScriptFailure) -> UInt64? {
    guard let (text, column) = arg else { return nil }
    guard let n = ScriptNumber.parse(text) else { throw fail("\(name) must be a number, found '\(text)'", column: column) }
    return n
  }

  func features(_ arg: (String, Int)?) throws(ScriptFailure) -> VirtioFeatures? {
    guard let (text, column) = arg else { return nil }
    return try featureList(text, column: column)
  }

  func featureList(_ text: String, column: Int) throws(ScriptFailure) -> VirtioFeatures {
    var set = VirtioFeatures()
    var col = column
    for name in text.split(separator: ",", omittingEmptySubsequences: false) {
      let word = String(name)
      if word.lowercased() == "none" || word.isEmpty && text.isEmpty { col += word.count + 1; continue }
      guard let f = VirtioFeatures.named(word) else {
        throw fail("unknown feature '\(word)'" + hint(word.lowercased(), VirtioFeatures.named.map(\.name)), column: col)
      }
      set.formUnion(f)
      col += word.count + 1
    }
    return set
  }

  func onOff(_ index: Int, what: String) throws(ScriptFailure) -> Bool {
    guard tokens.count > index else { throw fail("\(what) needs 'on' or 'off'", column: tokens[index - 1].column + tokens[index - 1].text.count + 1) }
    guard tokens.count == index + 1 else { throw fail("unexpected '\(tokens[index + 1].text)'", at: tokens[index + 1]) }
    guard let value = Self.onOff(tokens[index].text) else {
      throw fail("expected 'on' or 'off', found '\(tokens[index].text)'", at: tokens[index])
    }
    return value
  }

  /// `on` → true, `off` → false (any case); nil for any other word. The one reading of a switch, for every command
  /// and argument that takes one (each names its own error).
  static func onOff(_ word: String) -> Bool? {
    switch word.lowercased() {
    case "on": return true
    case "off": return false
    default: return nil
    }
  }

  func noMoreTokens(after index: Int) throws(ScriptFailure) {
    if tokens.count > index + 1 { throw fail("unexpected '\(tokens[index + 1].text)'", at: tokens[index + 1]) }
  }
}

/// " (did you mean 'x'?)" when a candidate is a likely typo of `word` (see ``Suggestion``).
func hint(_ word: String, _ candidates: [String]) -> String {
  Suggestion.closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
}
