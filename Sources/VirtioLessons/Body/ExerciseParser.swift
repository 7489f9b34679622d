import VirtioScript
/// Reads a ```` ```exercise ```` block: one `key: value` per line.
///
/// Keys: `question` (required), `answer`, `check` (at least one of the two),
/// `choices` (comma-separated), `hint`, `explain`, `goal` (an `expect` expression for the sandbox). A line that starts with a blank
/// continues the previous value (joined with one space). Blank lines are ignored.
struct ExerciseParser {
  enum Key: String, CaseIterable {
    case question, answer, check, choices, hint, explain, goal
  }

  private struct Entry {
    var value: String
    var keyPosition: SourcePosition
    var valuePosition: SourcePosition
  }

  private(set) var diagnostics: [LessonDiagnostic] = []
  private var entries: [Key: Entry] = [:]
  private var last: Key?
  /// Keys suggested for misspelt ones: not reported again as missing.
  private var suggested: Set<Key> = []

  /// Parses `text` (the block's content) whose first line is file line
  /// `firstLine`; `fence` is the opening fence's position.
  static func parse(text: String, fence: SourcePosition, firstLine: Int) -> (Exercise?, [LessonDiagnostic]) {
    var parser = ExerciseParser()
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
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
      entries[key]?.value += " " + trimmed
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
      if let near, let key = Key(rawValue: near) { suggested.insert(key) }
      let hint = near.map { "; did you mean '\($0)'?" } ?? " (keys: \(keys.joined(separator: ", ")))"
      diagnostics.append(.error("unknown exercise key '\(name.shown)'\(hint)", at: keyAt))
      last = nil
      return
    }
    guard entries[key] == nil else {
      diagnostics.append(.error("exercise key '\(name)' appears more than once", at: keyAt))
      last = nil
      return
    }
    let afterColon = trimmed[trimmed.index(after: colon)...]
    let value = afterColon.trimmingBlanks()
    let valueOffset =
      indent + trimmed[..<colon].unicodeScalars.count + 1
      + (afterColon.unicodeScalars.count - afterColon.drop(while: { $0 == " " || $0 == "\t" }).unicodeScalars.count)
    entries[key] = Entry(value: String(value), keyPosition: keyAt, valuePosition: shifted(at, by: valueOffset))
    last = key
  }

  private mutating func build(fence: SourcePosition) -> Exercise? {
    for key in Key.allCases {
      if let entry = entries[key], entry.value.isEmpty {
        diagnostics.append(.error("exercise '\(key.rawValue)' is empty", at: entry.keyPosition))
      }
    }
    guard let question = entries[.question], !question.value.isEmpty else {
      if entries[.question] == nil, !suggested.contains(.question) {
        diagnostics.append(.error("exercise has no 'question:'", at: fence))
      }
      return nil
    }
    if entries[.answer] == nil && entries[.check] == nil && entries[.goal] == nil
      && suggested.isDisjoint(with: [.answer, .check, .goal])
    {
      diagnostics.append(.error("exercise needs an 'answer:', a 'check:' or a 'goal:'", at: fence))
    }
    if let goal = entries[.goal], !goal.value.isEmpty {
      do {
        _ = try ScriptParser(file: fence.file).parse("expect " + goal.value)
      } catch {
        let column = goal.valuePosition.column + max(0, error.column - 8)
        diagnostics.append(
          .error("goal is not an expect expression: \(error.message)",
            at: SourcePosition(file: fence.file, line: goal.valuePosition.line, column: column)))
      }
    }
    let answer = entries[.answer].flatMap { ExerciseAnswer(parsing: $0.value) }
    let choices = readChoices()
    if let answer, !choices.isEmpty, !choices.contains(where: { answer.matches($0) }), let entry = entries[.answer] {
      diagnostics.append(
        .error("answer '\(answer.description.shown)' is not one of the choices", at: entry.valuePosition))
    }
    return Exercise(
      question: question.value, answer: answer, answerPosition: entries[.answer]?.valuePosition,
      check: entries[.check]?.value, checkPosition: entries[.check]?.valuePosition, choices: choices,
      hint: entries[.hint]?.value, explain: entries[.explain]?.value, goal: entries[.goal]?.value,
      goalPosition: entries[.goal]?.valuePosition, position: fence)
  }

  private mutating func readChoices() -> [String] {
    guard let entry = entries[.choices], !entry.value.isEmpty else { return [] }
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
