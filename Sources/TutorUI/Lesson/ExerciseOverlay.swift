import TermGrid
import VirtioLessons

/// The exercise prompt (`a`): the question, the choices (numbered unless they are numbers), an input line with what the learner typed and
/// a cursor, and the verdict on the last answer: `✓` in the `success` role, or `✗` in the `error` role with the
/// reducer's message (which carries the hint after a wrong try).
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
    in screen: Rect, into grid: inout CellGrid, exercise: Exercise, input: String, feedback: ExerciseFeedback?,
    theme: Theme, capabilities: TerminalCapabilities
  ) {
    let width = OverlayBox.contentWidth(preferred: preferredWidth, screen: screen)
    OverlayBox.render(
      title: "Exercise",
      lines: lines(exercise: exercise, input: input, feedback: feedback, width: width, theme: theme,
        unicode: capabilities.unicode),
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
    let numbered = choicesAreNumbered(choices)
    let labels = choices.indices.map { numbered ? "\($0 + 1)." : (unicode ? "•" : "-") }
    let labelWidth = labels.map(\.count).max() ?? 0
    var out: [LessonSpans.Line] = []
    for (label, choice) in zip(labels, choices) {
      let first = LessonSpans.blank(indent + labelWidth - label.count)
        + [LessonSpans.span(label, marker), LessonSpans.span(" ", base)]
      let hang = indent + labelWidth + 1
      let wrapped = LessonSpans.wrap([StyledSpan(choice, style: base)], width: max(1, width - hang))
      out += LessonSpans.prefixed(wrapped, first: first, rest: LessonSpans.blank(hang))
    }
    return out
  }

  static func lines(
    exercise: Exercise, input: String, feedback: ExerciseFeedback?, width: Int, theme: Theme, unicode: Bool
  ) -> [LessonSpans.Line] {
    let base = theme.style(.overlay)
    func styled(_ role: ThemeRole) -> Style { LessonSpans.merge(base, theme.style(role)) }
    var out = LessonSpans.wrap([StyledSpan(exercise.question, style: styled(.strong))], width: width)
    if !exercise.choices.isEmpty {
      out.append([])
      out += choiceLines(exercise.choices, width: width, indent: 0, base: base, marker: styled(.listMarker), unicode: unicode)
    }
    out.append([])
    // The input line keeps its end (and the cursor) in view when the answer is long.
    let prompt = [LessonSpans.span("Answer: ", base)]
    let typed = [LessonSpans.span(input, styled(.strong)), LessonSpans.span(unicode ? "█" : "_", base)]
    out.append(prompt + LessonSpans.suffix(typed, max(1, width - LessonSpans.width(prompt))))
    if let feedback {
      out.append([])
      let (mark, message, role): (String, String, ThemeRole) =
        switch feedback {
        case .correct(let message): (unicode ? "✓ " : "+ ", message, .success)
        case .incorrect(let message): (unicode ? "✗ " : "x ", message, .error)
        }
      let style = styled(role)
      let wrapped = LessonSpans.wrap([StyledSpan(message, style: style)], width: max(1, width - 2))
      out += LessonSpans.prefixed(wrapped, first: [LessonSpans.span(mark, style)], rest: LessonSpans.blank(2))
    }
    out.append([])
    let how = choicesAreNumbered(exercise) ? "type the answer or a number" : "type the answer"
    out += LessonSpans.wrap([StyledSpan("\(how) · Enter checks · Esc closes", style: styled(.dim))], width: width)
    return out.map(LessonSpans.merged)
  }
}
