import VirtioScript
/// Reads a top-level `<!-- … -->` block as a ``Directive``.
///
/// Comments are directives or errors: a lesson has no silent comments, so text
/// can never be hidden from `check` or leak onto the screen by mistake.
struct DirectiveParser {
  private let text: PositionedScalars
  private let start: SourcePosition
  private(set) var diagnostics: [LessonDiagnostic] = []

  private init(text: PositionedScalars, start: SourcePosition) {
    self.text = text
    self.start = start
  }

  /// Parses the comment on `lines` of `source`, starting at `position`.
  static func parse(
    lines: ClosedRange<Int>, position: SourcePosition, source: SourceText
  ) -> (Directive?, [LessonDiagnostic]) {
    var parser = DirectiveParser(text: PositionedScalars(source: source, lines: lines), start: position)
    let directive = parser.run()
    return (directive, parser.diagnostics)
  }

  private mutating func error(_ message: String, at index: Int) {
    diagnostics.append(.error(message, at: text.position(index)))
  }

  private mutating func run() -> Directive? {
    guard let open = text.find("<!--", from: 0) else { return nil }
    guard let close = text.find("-->", from: open + 4) else {
      error("comment is never closed: add '-->' (everything after it is swallowed)", at: open)
      return nil
    }
    let after = text.skipBlanks((close + 3)..<text.count)
    if after < text.count {
      error("text after '-->': put each comment on its own line", at: after)
      return nil
    }
    let nameStart = text.skipBlanks((open + 4)..<close)
    var nameEnd = nameStart
    while nameEnd < close, Self.isNameScalar(text.scalars[nameEnd]) { nameEnd += 1 }
    let name = text.text(nameStart..<nameEnd)
    let hasColon = nameEnd < close && text.scalars[nameEnd] == ":"
    let bareWord = !name.isEmpty && text.skipBlanks(nameEnd..<close) == close
    guard !name.isEmpty, hasColon || bareWord else {
      error("plain comments are not supported; write speaker notes as '<!-- note: ... -->'", at: open)
      return nil
    }
    guard Directive.names.contains(name) else {
      let hint =
        Suggestion.closest(to: name, in: Directive.names).map { "; did you mean '\($0)'?" }
        ?? " (directives: \(Directive.names.joined(separator: ", ")))"
      error("unknown directive '\(name.shown)'\(hint)", at: nameStart)
      return nil
    }
    let valueStart = hasColon ? text.skipBlanks((nameEnd + 1)..<close) : close
    guard valueStart < close else {
      error("directive '\(name)' needs a value: '<!-- \(name): ... -->'", at: nameStart)
      return nil
    }
    return value(of: name, in: valueStart..<close)
  }

  private mutating func value(of name: String, in range: Range<Int>) -> Directive? {
    let raw = text.text(range)
    switch name {
    case "note":
      return .note(Self.noteText(raw))
    case "view":
      // `view: none: the reason` — only a step without a picture carries a reason, shown where the picture would be.
      let parts = raw.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      let word = String(parts[0]).trimmingWhitespace()
      let reason = parts.count > 1 ? Self.noteLines(String(parts[1])).filter { !$0.isEmpty }.joinedText(separator: " ") : nil
      guard let view = LessonView(rawValue: word) else {
        let hint = Suggestion.hint(for: word, in: LessonView.spellings)
        error(
          "'view' must be one of \(LessonView.spellings.joined(separator: ", ")), not '\(word.shown)'\(hint)",
          at: range.lowerBound)
        return nil
      }
      if let reason {
        guard view == .none else {
          error("only 'view: none' takes a reason ('<!-- view: none: why this step has no picture -->')", at: range.lowerBound)
          return nil
        }
        guard !reason.isEmpty else {
          error("'view: none:' needs a reason after the colon, or no colon", at: range.lowerBound)
          return nil
        }
      }
      return .view(view, reason: reason)
    case "replay":
      let word = raw.trimmingWhitespace()
      guard RecordedRun.script(named: word) != nil else {
        let hint = Suggestion.hint(for: word, in: RecordedRun.names)
        error("no recorded run named '\(word.shown)' (recorded runs: \(RecordedRun.names.joined(separator: ", ")))\(hint)", at: range.lowerBound)
        return nil
      }
      return .replay(word)
    default:
      let word = raw.trimmingWhitespace()
      guard let seconds = Seconds.parse(word) else {
        error("'advance' must be a number of seconds such as 5 or 2.5s, not '\(word.shown)'", at: range.lowerBound)
        return nil
      }
      return .advance(seconds)
    }
  }

  /// A note's lines, each trimmed, without blank lines at either end. Split on the UTF-8 line feeds (a line feed
  /// always ends a grapheme cluster, so the lines are the ones a `Character` split gives, at a tenth of the cost).
  static func noteText(_ raw: String) -> String { noteLines(raw).joinedText(separator: "\n") }

  /// The lines of ``noteText(_:)``.
  static func noteLines(_ raw: String) -> [String] {
    var lines = raw.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
      String(Substring($0).trimmingBlanks())
    }
    while lines.first?.isEmpty == true { lines.removeFirst() }
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines
  }

  private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
      || scalar == "_" || scalar == "-"
  }
}
