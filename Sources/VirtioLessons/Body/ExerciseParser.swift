import VirtioScript
/// Reads a ```` ```exercise ```` block: one `key: value` per line.
///
/// Keys: `question` (required), `answer`, `check` (at least one of the two),
/// `choices` (comma-separated), `hint`, `explain`, `goal` (an `expect` expression for the sandbox), `play`
/// (`after` or `before`), `prelude` (how many of the step's scripts play before the question). A line that starts with a blank
/// continues the previous value (joined with one space). Blank lines are ignored.
struct ExerciseParser {
  enum Key: String, CaseIterable {
    case question, answer, check, choices, hint, explain, goal, play, prelude

    /// The key's place in ``ExerciseParser``'s entries (an array, not a `Dictionary`: a dictionary keyed by a type
    /// of our own costs a scan of every protocol conformance in the binary at its first use, 0.4 M instructions of
    /// the tutor's start-up).
    var slot: Int {
      switch self {
      case .question: 0
      case .answer: 1
      case .check: 2
      case .choices: 3
      case .hint: 4
      case .explain: 5
      case .goal: 6
      case .play: 7
      case .prelude: 8
      }
    }
  }

  private struct Entry {
    var value: String
    var keyPosition: SourcePosition
    var valuePosition: SourcePosition
  }

  private(set) var diagnostics: [LessonDiagnostic] = []
  private var slots: [Entry?] = Array(repeating: nil, count: Key.allCases.count)
  private var last: Key?
  /// Keys suggested for misspelt ones: not reported again as missing.
  private var suggested: [Key] = []

  /// The entry read for `key`, if any.
  private subscript(key: Key) -> Entry? {
    get { slots[key.slot] }
    set { slots[key.slot] = newValue }
  }

  /// Parses `text` (the block's content) whose first line is file line
  /// `firstLine`; `fence` is the opening fence's position.
  static func parse(text: String, fence: SourcePosition, firstLine: Int) -> (Exercise?, [LessonDiagnostic]) {
    var parser = ExerciseParser()
    // Split on UTF-8 line feeds: the same lines as a `Character` split (a line feed ends a grapheme cluster).
    let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Substring.init)
    for (offset, line) in lines.enumerated() where !text.isEmpty {
      let at = SourcePosition(file: fence.file, line: firstLine + offset, column: fence.column)
      parser.read(line, at: at)
    }
    let exercise = parser.build(fence: fence)
    return (parser.diagnostics.contains(where: \.isError) ? nil : exercise, parser.diagnostics)
  }

  private func shifted(_ at: SourcePosition, by scalars: Int) -> SourcePosition {
    SourcePosition(file: at.file, line: at.line, column: at.column + scalars)
  }

  private mutating func read(_ line: Substring, at: SourcePosition) {
    let trimmed = line.trimmingBlanks()
    if trimmed.isEmpty { return }
    let indent = line.unicodeScalars.count - line.drop(while: { $0 == " " || $0 == "\t" }).unicodeScalars.count
    if indent > 0, let key = last {
      // Appended piece by piece: `String + Substring` is the standard library's generic `+` (TextJoin.swift).
      self[key]?.value.append(" ")
      self[key]?.value.append(contentsOf: trimmed)
      return
    }
    guard let colon = trimmed.firstIndex(of: ":") else {
      diagnostics.append(.error("expected 'key: value' in exercise", at: shifted(at, by: indent)))
      last = nil
      return
    }
    let name = String(trimmed[..<colon].trimmingBlanks())
    let keyAt = shifted(at, by: indent)
    guard let key = Key(rawValue: name) else {
      let keys = Key.allCases.map(\.rawValue)
      let near = Suggestion.closest(to: name, in: keys)
      if let near, let key = Key(rawValue: near) { suggested.append(key) }
      let hint = near.map { "; did you mean '\($0)'?" } ?? " (keys: \(keys.joined(separator: ", ")))"
      diagnostics.append(.error("unknown exercise key '\(name.shown)'\(hint)", at: keyAt))
      last = nil
      return
    }
    guard self[key] == nil else {
      diagnostics.append(.error("exercise key '\(name)' appears more than once", at: keyAt))
      last = nil
      return
    }
    let afterColon = trimmed[trimmed.index(after: colon)...]
    let value = afterColon.trimmingBlanks()
    let valueOffset =
      indent + trimmed[..<colon].unicodeScalars.count + 1
      + (afterColon.unicodeScalars.count - afterColon.drop(while: { $0 == " " || $0 == "\t" }).unicodeScalars.count)
    self[key] = Entry(value: String(value), keyPosition: keyAt, valuePosition: shifted(at, by: valueOffset))
    last = key
  }

  private mutating func build(fence: SourcePosition) -> Exercise? {
    for key in Key.allCases {
      if let entry = self[key], entry.value.isEmpty {
        diagnostics.append(.error("exercise '\(key.rawValue)' is empty", at: entry.keyPosition))
      }
    }
    guard let question = self[.question], !question.value.isEmpty else {
      if self[.question] == nil, !suggested.contains(.question) {
        diagnostics.append(.error("exercise has no 'question:'", at: fence))
      }
      return nil
    }
    if self[.answer] == nil && self[.check] == nil && self[.goal] == nil
      && !suggested.contains(where: { [.answer, .check, .goal].contains($0) })
    {
      diagnostics.append(.error("exercise needs an 'answer:', a 'check:' or a 'goal:'", at: fence))
    }
    if let goal = self[.goal], !goal.value.isEmpty {
      do {
        _ = try ScriptParser(file: fence.file).parse("expect " + goal.value)
      } catch {
        let column = goal.valuePosition.column + max(0, error.column - 8)
        diagnostics.append(
          .error("goal is not an expect expression: \(error.message)",
            at: SourcePosition(file: fence.file, line: goal.valuePosition.line, column: column)))
      }
    }
    let answer = self[.answer].flatMap { ExerciseAnswer(parsing: $0.value) }
    let choices = readChoices()
    let play = readPlay()
    let prelude = readPrelude(play: play)
    if let answer, !choices.isEmpty, !choices.contains(where: { answer.matches($0) }), let entry = self[.answer] {
      diagnostics.append(
        .error("answer '\(answer.description.shown)' is not one of the choices", at: entry.valuePosition))
    }
    return Exercise(
      question: question.value, answer: answer, answerPosition: self[.answer]?.valuePosition,
      check: self[.check]?.value, checkPosition: self[.check]?.valuePosition, choices: choices,
      hint: self[.hint]?.value, explain: self[.explain]?.value, goal: self[.goal]?.value,
      goalPosition: self[.goal]?.valuePosition, play: play, prelude: prelude,
      preludePosition: self[.prelude]?.valuePosition, position: fence)
  }

  /// `play: after` or `play: before` (any case); `after` when absent or wrong (a wrong value is an error).
  private mutating func readPlay() -> ExercisePlay {
    guard let entry = self[.play], !entry.value.isEmpty else { return .after }
    if let play = ExercisePlay(rawValue: entry.value.lowercased()) {
      if play == .before || self[.goal] == nil { return play }
    } else {
      let names = ExercisePlay.allCases.map(\.rawValue).joined(separator: " or ")
      diagnostics.append(.error("exercise 'play' is '\(entry.value.shown)'; write \(names)", at: entry.valuePosition))
      return .after
    }
    return .after
  }

  /// `prelude: N`, a whole number of scripts ≥ 1, only with `play: after` on a question (not a goal).
  private mutating func readPrelude(play: ExercisePlay) -> Int {
    guard let entry = self[.prelude], !entry.value.isEmpty else { return 0 }
    guard let count = Int(entry.value), count >= 1 else {
      diagnostics.append(
        .error("exercise 'prelude' is '\(entry.value.shown)'; write how many of the step's scripts play before the question (1 or more)",
          at: entry.valuePosition))
      return 0
    }
    guard play == .after, self[.goal] == nil else {
      diagnostics.append(.error("exercise 'prelude' needs 'play: after' and a question (not a goal)", at: entry.keyPosition))
      return 0
    }
    return count
  }

  private mutating func readChoices() -> [String] {
    guard let entry = self[.choices], !entry.value.isEmpty else { return [] }
    let choices = entry.value.split(separator: ",", omittingEmptySubsequences: false).map {
      String($0.trimmingBlanks())
    }
    if choices.contains(where: \.isEmpty) {
      diagnostics.append(.error("exercise 'choices' has an empty choice", at: entry.valuePosition))
    } else if choices.count < 2 {
      diagnostics.append(.error("exercise 'choices' needs at least two choices", at: entry.valuePosition))
    }
    return choices
  }
}
