import TermGrid
import VirtioLessons

/// "Does this step fit the smallest supported screen?" for `virtio-tutor check`: renders the step exactly as the
/// lesson pane does at 80×24 (``TutorLayout``'s ``TutorLayout/lessonText`` area, the same renderer, the exercise
/// included) and reports, at the step's heading:
/// - an **error** when the text needs scrolling: a teacher must not find out in front of a class that the end
///   of a step is below the fold;
/// - a **warning** when a code line or a table is too wide and is cut with `…` (the step still reads, but the
///   author should know).
///
/// ```swift
/// var checker = LessonChecker(evaluator: EngineScriptEvaluator(), stepFits: StepFit.check)
/// ```
public enum StepFit {
  /// The screen every step must fit.
  public static let screen = TutorLayout.minimum

  /// The text area a step has on ``screen``.
  public static var textArea: Rect { TutorLayout(size: screen).lessonText }

  /// The most serious problem of step `stepIndex` (an error before a warning), or `nil` when it fits.
  public static func check(lesson: Lesson, stepIndex: Int) -> LessonDiagnostic? {
    let all = diagnostics(lesson: lesson, stepIndex: stepIndex)
    return all.first(where: \.isError) ?? all.first
  }

  /// Every fit problem of step `stepIndex`: the height error first, then one warning per cut code block or table.
  public static func diagnostics(lesson: Lesson, stepIndex: Int) -> [LessonDiagnostic] {
    guard lesson.steps.indices.contains(stepIndex) else { return [] }
    let step = lesson.steps[stepIndex]
    let area = textArea
    let rendering = LessonPane.rendering(lesson: lesson, stepIndex: stepIndex, width: area.width)
    let size = "\(screen.width)×\(screen.height)"
    var out: [LessonDiagnostic] = []
    if rendering.lines.count > area.height {
      out.append(
        .error(
          "step '\(step.title)' needs \(rendering.lines.count) lines but the lesson pane at \(size) shows "
            + "\(area.height); split the step or shorten it", at: step.position))
    }
    for cut in rendering.truncations {
      let what = cut.kind == .codeLine ? "a code line" : "a table"
      out.append(
        .warning(
          "step '\(step.title)' has \(what) that needs \(cut.needed) columns but the lesson pane at \(size) "
            + "has \(cut.available); it is cut short with '…'", at: step.position))
    }
    return out
  }
}
