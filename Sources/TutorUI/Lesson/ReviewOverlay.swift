import TermGrid
import VirtioLessons

/// The review (`v`): every exercise of the open lesson, one row each: its step, the question (cut to fit), the
/// attempts, and the result: `✓ right`, `! shown` (answer revealed after three wrong tries), `✗ not yet`, or
/// `– not tried`.
///
/// ```
/// ┌─ Exercises: Ring basics ─────────────────────────────┐
/// │  step  question                      tries  result   │
/// │     3  What is used.idx now?             2  ✓ right  │
/// ```
public enum ReviewOverlay {
  /// One exercise's row.
  public struct Row: Equatable, Sendable {
    public var step: Int
    public var question: String
    public var attempts: Int
    public var result: LearnerProgress.ExerciseResult?
  }

  /// The widest the review gets.
  public static let preferredWidth = 64

  /// The rows of the open lesson's exercises, in step order.
  public static func rows(_ state: TutorState) -> [Row] {
    state.lesson.steps.enumerated().compactMap { index, step in
      guard let exercise = step.exercise else { return nil }
      let result = state.progress.exercises[LearnerProgress.exerciseKey(lesson: state.lesson.id, step: index)]
      return Row(step: index + 1, question: exercise.question, attempts: result?.attempts ?? 0, result: result)
    }
  }

  /// A row's result word.
  static func result(_ row: Row, unicode: Bool) -> (String, ThemeRole) {
    guard let result = row.result, result.attempts > 0 else { return (unicode ? "– not tried" : "- not tried", .dim) }
    if result.correct { return (unicode ? "✓ right" : "+ right", .success) }
    if result.revealed { return ("! shown", .warning) }
    return (unicode ? "✗ not yet" : "x not yet", .error)
  }

  /// Draws the review centred in `screen`.
  public static func render(
    in screen: Rect, into grid: inout CellGrid, rows: [Row], title: String = "Exercises", theme: Theme,
    capabilities: TerminalCapabilities
  ) {
    let width = OverlayBox.contentWidth(preferred: preferredWidth, screen: screen)
    OverlayBox.render(
      title: title, lines: lines(rows, width: width, theme: theme, unicode: capabilities.unicode), contentWidth: width,
      in: screen, into: &grid, theme: theme, capabilities: capabilities)
  }

  static func lines(_ rows: [Row], width: Int, theme: Theme, unicode: Bool) -> [LessonSpans.Line] {
    let base = theme.style(.overlay)
    func styled(_ role: ThemeRole) -> Style { LessonSpans.merge(base, theme.style(role)) }
    let questionWidth = max(4, width - 5 - 2 - 5 - 2 - 11 - 2)
    func cells(_ step: String, _ question: String, _ tries: String) -> String {
      let cut = question.count > questionWidth ? String(question.prefix(questionWidth - 1)) + (unicode ? "…" : ">") : question
      return String(repeating: " ", count: max(0, 4 - step.count)) + step + "  "
        + cut + String(repeating: " ", count: questionWidth - cut.count) + "  "
        + String(repeating: " ", count: max(0, 5 - tries.count)) + tries + "  "
    }
    var out: [LessonSpans.Line] = [[LessonSpans.span(cells("step", "question", "tries") + "result", styled(.tableHeader))]]
    if rows.isEmpty { out.append([LessonSpans.span("This lesson has no exercises.", base)]) }
    for row in rows {
      let (word, role) = result(row, unicode: unicode)
      out.append([LessonSpans.span(cells(String(row.step), row.question, String(row.attempts)), base), LessonSpans.span(word, styled(role))])
    }
    let done = rows.filter { $0.result?.correct == true }.count
    out.append([])
    out.append([LessonSpans.span("\(done) of \(rows.count) right · x on a step redoes its exercise · Esc closes", styled(.dim))])
    return out.map(LessonSpans.merged)
  }
}
