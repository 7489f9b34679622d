import TermGrid
import VirtioLessons

/// The exercise prompt (`a`): the question, then either the choices (numbered unless they are numbers; the
/// highlighted one marked `▸` in the `selection` role, picked with ↑/↓ and Enter or its number) or an input line with
/// what the learner typed and a cursor, and the verdict on the last answer: `✓` in the `success` role with the
/// lesson's explanation, `✗` in the `error` role with the hint, or `!` with the answer and the explanation after
/// the third wrong try.
///
/// ```
/// ┌─ Exercise ───────────────────────────────────┐
/// │  What is used.idx now?                       │
/// │                                              │
/// │  • 0                                         │
/// │  ...                                         │
/// │  Answer: 1█                                  │
/// │                                              │
/// │  ✓ 1 is right                                │
/// ```
public enum ExerciseOverlay {
  /// The widest the prompt gets.
  public static let preferredWidth = 56

  /// Draws the prompt centred in `screen`.
  public static func render(
    in screen: Rect, into grid: inout CellGrid, exercise: Exercise, prompt: ExercisePrompt,
    theme: Theme, capabilities: TerminalCapabilities
  ) {
    let width = OverlayBox.contentWidth(preferred: preferredWidth, screen: screen)
    OverlayBox.render(
      title: "Exercise",
      lines: lines(exercise: exercise, prompt: prompt, width: width, theme: theme, unicode: capabilities.unicode),
      contentWidth: width, in: screen, into: &grid, theme: theme, capabilities: capabilities)
  }

  /// Whether the choices are shown numbered, so that typing a choice's number picks it. Choices that are
  /// themselves numbers (`0, 1, 2`) are shown with bullets instead: typing `1` must mean the answer 1, never "the
  /// first choice".
  public static func choicesAreNumbered(_ exercise: Exercise) -> Bool {
    choicesAreNumbered(exercise.choices)
  }

  static func choicesAreNumbered(_ choices: [String]) -> Bool {
    !choices.isEmpty && !choices.contains { choice in
      if case .integer = ExerciseAnswer(parsing: choice) { return true }
      return false
    }
  }

  /// The choices one per line behind `indent` spaces and a marker (`1.` or a bullet), wrapped with a hanging
  /// indent; shared with the lesson pane.
  static func choiceLines(
    _ choices: [String], width: Int, indent: Int, base: Style, marker: Style, unicode: Bool
  ) -> [LessonSpans.Line] {
    choiceGroups(choices, width: width, indent: indent, base: base, marker: marker, unicode: unicode).flatMap { $0 }
  }

  /// ``choiceLines(_:width:indent:base:marker:unicode:)`` grouped by choice (a long choice wraps onto several).
  static func choiceGroups(
    _ choices: [String], width: Int, indent: Int, base: Style, marker: Style, unicode: Bool
  ) -> [[LessonSpans.Line]] {
    let numbered = choicesAreNumbered(choices)
    let labels = choices.indices.map { numbered ? "\($0 + 1)." : (unicode ? "•" : "-") }
    let labelWidth = labels.map(\.count).max() ?? 0
    return zip(labels, choices).map { label, choice in
      let first = LessonSpans.blank(indent + labelWidth - label.count)
        + [LessonSpans.span(label, marker), LessonSpans.span(" ", base)]
      let hang = indent + labelWidth + 1
      let wrapped = LessonSpans.wrap([StyledSpan(choice, style: base)], width: max(1, width - hang))
      return LessonSpans.prefixed(wrapped, first: first, rest: LessonSpans.blank(hang))
    }
  }

  static func lines(
    exercise: Exercise, prompt: ExercisePrompt, width: Int, theme: Theme, unicode: Bool
  ) -> [LessonSpans.Line] {
    let base = theme.style(.overlay)
    func styled(_ role: ThemeRole) -> Style { LessonSpans.merge(base, theme.style(role)) }
    var out = LessonSpans.wrap([StyledSpan(exercise.question, style: styled(.strong))], width: width)
    out.append([])
    if let goal = exercise.goal {
      out += LessonSpans.wrap([StyledSpan("Goal: ", style: base), StyledSpan("expect " + goal, style: styled(.code))], width: width)
      out.append([])
      let how = "c opens the sandbox: type commands, the engine checks the goal after each one · Esc closes"
      return (out + LessonSpans.wrap([StyledSpan(how, style: styled(.dim))], width: width)).map(LessonSpans.merged)
    }
    if exercise.choices.isEmpty {
      // The input line keeps its end (and the cursor) in view when the answer is long.
      let answer = [LessonSpans.span("Answer: ", base)]
      let typed = [LessonSpans.span(prompt.input, styled(.strong)), LessonSpans.span(unicode ? "█" : "_", base)]
      out.append(answer + LessonSpans.suffix(typed, max(1, width - LessonSpans.width(answer))))
    } else {
      out += pickLines(exercise.choices, selected: prompt.selected ?? 0, width: width, theme: theme, unicode: unicode)
    }
    if let feedback = prompt.feedback { out += feedbackLines(feedback, width: width, theme: theme, unicode: unicode) }
    out.append([])
    let how = exercise.choices.isEmpty
      ? "type the answer · Enter checks · Esc closes"
      : (unicode ? "↑↓" : "Up/Down") + " choose · Enter or its number picks · Esc closes"
    out += LessonSpans.wrap([StyledSpan(how, style: styled(.dim))], width: width)
    return out.map(LessonSpans.merged)
  }

  /// The choices with the highlighted one marked `▸` and in the `selection` role.
  static func pickLines(_ choices: [String], selected: Int, width: Int, theme: Theme, unicode: Bool) -> [LessonSpans.Line] {
    let base = theme.style(.overlay)
    let chosen = LessonSpans.merge(base, theme.style(.selection))
    func groups(_ style: Style) -> [[LessonSpans.Line]] {
      choiceGroups(
        choices, width: max(1, width - 2), indent: 0, base: style,
        marker: LessonSpans.merge(style, theme.style(.listMarker)), unicode: unicode)
    }
    let plain = groups(base)
    let highlighted = groups(chosen)
    var out: [LessonSpans.Line] = []
    for index in choices.indices {
      let isSelected = index == selected
      for (row, line) in (isSelected ? highlighted : plain)[index].enumerated() {
        let mark = row == 0 && isSelected ? (unicode ? "▸ " : "> ") : "  "
        out.append([LessonSpans.span(mark, isSelected ? chosen : base)] + line)
      }
    }
    return out
  }

  /// The verdict's lines: mark and message, then the explanation under it.
  static func feedbackLines(_ feedback: ExerciseFeedback, width: Int, theme: Theme, unicode: Bool) -> [LessonSpans.Line] {
    let base = theme.style(.overlay)
    let (mark, role): (String, ThemeRole) =
      switch feedback.verdict {
      case .correct: (unicode ? "✓ " : "+ ", .success)
      case .incorrect: (unicode ? "✗ " : "x ", .error)
      case .revealed: ("! ", .warning)
      }
    let style = LessonSpans.merge(base, theme.style(role))
    var out: [LessonSpans.Line] = [[]]
    let wrapped = LessonSpans.wrap([StyledSpan(feedback.message, style: style)], width: max(1, width - 2))
    out += LessonSpans.prefixed(wrapped, first: [LessonSpans.span(mark, style)], rest: LessonSpans.blank(2))
    if let explanation = feedback.explanation {
      let text = LessonSpans.wrap([StyledSpan(explanation, style: base)], width: max(1, width - 2))
      out += LessonSpans.prefixed(text, first: LessonSpans.blank(2), rest: LessonSpans.blank(2))
    }
    return out
  }
}
