import VirtioScript
import Yams

/// Decodes the YAML front matter into ``LessonMeta``, strictly.
///
/// Unknown keys, duplicate keys, missing `title` and values of the wrong type
/// are errors at the key's position. YAML syntax errors are reported where
/// libyaml found them. Positions are file positions (the YAML starts on line 2).
struct FrontMatterDecoder {
  let source: SourceText
  let frontMatter: FrontMatter
  let defaultID: String
  private(set) var diagnostics: [LessonDiagnostic] = []
  private var fields = Fields()
  /// Whether an unknown key was reported with the hint 'title' (no second error for the missing title).
  private var misspeltTitle = false

  /// The values read so far.
  private struct Fields {
    var title: String?
    var id: (String, SourcePosition)?
    var order: Int?
    var summary: String?
    var minutes: Int?
    var setup: StepScript?
    var view: LessonView?
    var autoAdvance: Double?
  }

  /// Whether the plain `key: value` lines of a front matter are read without Yams (``SimpleFrontMatter``; only
  /// tests turn it off, to compare both ways).
  private let simpleLines: Bool

  init(source: SourceText, frontMatter: FrontMatter, defaultID: String, simpleLines: Bool = true) {
    self.simpleLines = simpleLines
    self.source = source
    self.frontMatter = frontMatter
    self.defaultID = defaultID
  }

  /// Decodes; returns `nil` meta when anything is wrong.
  static func decode(
    source: SourceText, frontMatter: FrontMatter, defaultID: String, simpleLines: Bool = true
  ) -> (LessonMeta?, [LessonDiagnostic]) {
    var decoder = FrontMatterDecoder(source: source, frontMatter: frontMatter, defaultID: defaultID, simpleLines: simpleLines)
    let meta = decoder.run()
    return (decoder.diagnostics.contains(where: \.isError) ? nil : meta, decoder.diagnostics)
  }

  /// No tag rules: the two types the keys are checked against (`int`, `null`; everything else is text) are read by
  /// ``PlainScalarType`` without regular expressions (Yams' rules compile through ICU at first use, 8 M
  /// instructions at start-up). Yams' default encoding reads the whole process environment on every call (`.utf8`
  /// is given instead).
  private static let resolver = Resolver.basic

  /// No constructors either: the keys are read from the composed nodes, never constructed as Swift values, and
  /// Yams' default constructor builds three dictionaries keyed by `Tag.Name` (0.5 M instructions at start-up, most
  /// of it the Swift runtime's first look-up of their `Hashable` conformance).
  private static var constructor: Constructor { Constructor([:], [:], [:]) }

  private var opening: SourcePosition { source.position(line: 1) }

  private func position(_ mark: Mark?) -> SourcePosition {
    position(mark.map { FrontMatterValue.Mark(line: $0.line, column: $0.column) })
  }

  private func position(_ mark: FrontMatterValue.Mark?) -> SourcePosition {
    guard let mark else { return opening }
    return source.position(line: mark.line + 1, column: max(mark.column, 1))
  }

  private mutating func run() -> LessonMeta? {
    if simpleLines, let entries = SimpleFrontMatter.entries(source: source, frontMatter: frontMatter) {
      for entry in entries { read(key: entry.key, value: entry.value) }
      return finish()
    }
    let root: Node?
    do {
      root = try Yams.compose(yaml: frontMatter.yaml, Self.resolver, Self.constructor, .utf8)
    } catch {
      report(error)
      return nil
    }
    guard let root else {
      diagnostics.append(.error("front matter has no 'title'", at: opening))
      return nil
    }
    guard case .mapping(let mapping) = root else {
      diagnostics.append(.error("front matter must be 'key: value' lines", at: position(root.mark)))
      return nil
    }
    for (key, value) in mapping { read(key: FrontMatterValue(key), value: FrontMatterValue(value)) }
    return finish()
  }

  /// The meta of the keys read (an error when there is no title).
  private mutating func finish() -> LessonMeta? {
    guard let title = fields.title else {
      if !misspeltTitle && !diagnostics.contains(where: { $0.message.hasPrefix("'title'") }) {
        diagnostics.append(.error("front matter has no 'title'", at: opening))
      }
      return nil
    }
    let id = fields.id ?? (defaultID, source.position(line: 1))
    return LessonMeta(
      id: id.0, idPosition: id.1, title: title, order: fields.order, summary: fields.summary,
      minutes: fields.minutes, setup: fields.setup, view: fields.view, autoAdvance: fields.autoAdvance)
  }

  // MARK: - Keys

  private mutating func read(key: FrontMatterValue, value: FrontMatterValue) {
    let at = position(key.mark)
    guard key.shape == .scalar else {
      diagnostics.append(.error("front matter keys must be plain words", at: at))
      return
    }
    let scalar = key
    guard let known = FrontMatterKey(rawValue: scalar.string) else {
      let near = Suggestion.closest(to: scalar.string, in: FrontMatterKey.spellings)
      if near == FrontMatterKey.title.rawValue { misspeltTitle = true }
      let hint =
        near.map { "; did you mean '\($0)'?" }
        ?? " (known keys: \(FrontMatterKey.spellings.joined(separator: ", ")))"
      diagnostics.append(.error("unknown key '\(scalar.string.shown)'\(hint)", at: at))
      return
    }
    let name = known.rawValue
    switch known {
    case .title:
      if let text = string(value, name, at), checkNotBlank(text, name, at) { fields.title = text }
    case .id:
      if let text = string(value, name, at), checkID(text, at) { fields.id = (text, position(value.mark)) }
    case .summary:
      if let text = string(value, name, at), checkNotBlank(text, name, at) { fields.summary = text }
    case .order:
      fields.order = integer(value, name, at, minimum: nil)
    case .minutes:
      fields.minutes = integer(value, name, at, minimum: 1)
    case .setup:
      if let text = string(value, name, at), checkNotBlank(text, name, at) {
        let source = text.hasSuffix("\n") ? String(text.dropLast()) : text
        fields.setup = StepScript(source: source, position: scriptPosition(value))
      }
    case .view:
      fields.view = view(value, at)
    case .autoAdvance:
      fields.autoAdvance = seconds(value, name, at)
    }
  }

  // MARK: - Values

  private mutating func wrongType(_ name: String, _ expected: String, _ value: FrontMatterValue, _ at: SourcePosition) {
    let got: String
    switch value.shape {
    case .scalar where value.isNull: got = "nothing"
    case .scalar: got = "'\(value.string.shown)'"
    case .mapping: got = "a mapping"
    case .sequence: got = "a list"
    case .alias: got = "an alias"
    }
    diagnostics.append(.error("'\(name)' must be \(expected), not \(got)", at: at))
  }

  private mutating func string(_ value: FrontMatterValue, _ name: String, _ at: SourcePosition) -> String? {
    guard value.shape == .scalar, !value.isNull else {
      wrongType(name, "text", value, at)
      return nil
    }
    let valueAt = position(value.mark)
    diagnostics += DecodedText.check(value.string, what: "'\(name)'", at: valueAt, sourceLine: source.line(valueAt.line))
    return value.string
  }

  private mutating func checkNotBlank(_ text: String, _ name: String, _ at: SourcePosition) -> Bool {
    guard text.contains(where: { !$0.isWhitespace }) else {
      diagnostics.append(.error("'\(name)' is empty", at: at))
      return false
    }
    return true
  }

  private mutating func checkID(_ text: String, _ at: SourcePosition) -> Bool {
    guard LessonID.isValid(text) else {
      diagnostics.append(
        .error(
          "'id' must be letters, digits, '-', '_' or '.', starting with a letter or digit, not '\(text.shown)'", at: at)
      )
      return false
    }
    return true
  }

  private mutating func integer(_ value: FrontMatterValue, _ name: String, _ at: SourcePosition, minimum: Int?) -> Int? {
    guard value.shape == .scalar, value.type == .int, let number = value.integer else {
      wrongType(name, "a whole number", value, at)
      return nil
    }
    if let minimum, number < minimum {
      diagnostics.append(.error("'\(name)' must be at least \(minimum), not \(number)", at: at))
      return nil
    }
    return number
  }

  private mutating func seconds(_ value: FrontMatterValue, _ name: String, _ at: SourcePosition) -> Double? {
    guard value.shape == .scalar, let number = Seconds.parse(value.string) else {
      wrongType(name, "a number of seconds such as 5 or 2.5s", value, at)
      return nil
    }
    return number
  }

  private mutating func view(_ value: FrontMatterValue, _ at: SourcePosition) -> LessonView? {
    let scalar = value
    guard value.shape == .scalar, !value.isNull else {
      wrongType("view", "one of \(LessonView.spellings.joined(separator: ", "))", value, at)
      return nil
    }
    guard let view = LessonView(rawValue: scalar.string) else {
      let hint = Suggestion.hint(for: scalar.string, in: LessonView.spellings)
      diagnostics.append(
        .error(
          "'view' must be one of \(LessonView.spellings.joined(separator: ", ")), not '\(scalar.string.shown)'\(hint)",
          at: at))
      return nil
    }
    return view
  }

  /// Where a `setup:` script's first line is in the file.
  private func scriptPosition(_ value: FrontMatterValue) -> SourcePosition {
    guard value.shape == .scalar, let mark = value.mark else { return opening }
    switch value.style {
    case .literal, .folded:
      let line = mark.line + 2
      return source.position(line: line, column: source.indentColumn(line: line))
    case .singleQuoted, .doubleQuoted:
      return source.position(line: mark.line + 1, column: mark.column + 1)
    case .plain, .any:
      return position(mark)
    }
  }

  // MARK: - YAML errors

  private mutating func report(_ error: Error) {
    guard let yaml = error as? YamlError else {
      diagnostics.append(.error("front matter could not be read: \(error)", at: opening))
      return
    }
    switch yaml {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var message = "front matter is not valid YAML: \(problem)"
      if let context {
        let at = position(context.mark)
        message += " (\(context.text) at line \(at.line), column \(at.column))"
      }
      diagnostics.append(.error(message, at: position(mark)))
    case .duplicatedKeysInMapping(let duplicates, let context):
      let name = duplicates.first ?? "?"
      let at = secondOccurrence(of: name) ?? position(context.mark)
      diagnostics.append(.error("key '\(name.shown)' appears more than once", at: at))
    default:
      diagnostics.append(.error("front matter is not valid YAML", at: opening))
    }
  }

  /// The position of the second `name:` line in the front matter, if any.
  private func secondOccurrence(of name: String) -> SourcePosition? {
    var seen = 0
    for line in 2..<frontMatter.closingLine {
      let text = source.line(line)
      let trimmed = text.drop(while: { $0 == " " })
      guard trimmed.hasPrefix(name) else { continue }
      let rest = trimmed.dropFirst(name.count).drop(while: { $0 == " " })
      guard rest.first == ":" else { continue }
      seen += 1
      if seen == 2 { return source.position(line: line, column: text.count - trimmed.count + 1) }
    }
    return nil
  }
}
