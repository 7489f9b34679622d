import TermGrid
import VirtioLessons

/// The lesson pane: a box titled `Step k/n: title` holding the step's rendered markdown, scrolled, with the
/// step's exercise (question and choices) at the end of the text and a scroll indicator on the bottom border
/// when the text is longer than the pane.
///
/// ```
/// ┌─ Step 2/4: The driver offers a buffer ─┐
/// │ The driver fills a descriptor, puts    │
/// │ ...                                    │
/// └──────────────── ↓ more (j/k) 1-20/27 ──┘
/// ```
///
/// The text area is the box inset by the border plus one column of padding each side, exactly
/// ``TutorLayout/lessonText`` for ``TutorLayout/lessonPane``; the indicator lives on the border, so the text area
/// always shows `height` lines and ``StepFit`` can count on it. Speaker notes are never shown.
public enum LessonPane {
  /// The text area inside a lesson pane box.
  public static func textArea(of box: Rect) -> Rect { box.inset(horizontal: 2, vertical: 1) }

  /// Every line of step `stepIndex`'s text at `width`: the rendered blocks, then the exercise if any.
  /// `stepIndex` is clamped; `answered` only changes the exercise's last line (same line count).
  public static func lines(
    lesson: Lesson, stepIndex: Int, width: Int, theme: Theme = .terminal,
    capabilities: TerminalCapabilities = .full, answered: Bool = false
  ) -> [[StyledSpan]] {
    rendering(
      lesson: lesson, stepIndex: stepIndex, width: width, theme: theme, capabilities: capabilities,
      answered: answered
    ).lines
  }

  /// ``lines(lesson:stepIndex:width:theme:capabilities:answered:)`` with what had to be cut to fit.
  public static func rendering(
    lesson: Lesson, stepIndex: Int, width: Int, theme: Theme = .terminal,
    capabilities: TerminalCapabilities = .full, answered: Bool = false
  ) -> MarkdownRendering {
    guard let step = step(of: lesson, stepIndex) else { return MarkdownRendering(lines: [], truncations: []) }
    let renderer = MarkdownRenderer(theme: theme, capabilities: capabilities)
    var result = renderer.rendering(step.blocks, width: width)
    if let exercise = step.exercise {
      let lines = exerciseLines(
        exercise, width: min(width, MarkdownRenderer.maxWidth), theme: theme, unicode: capabilities.unicode,
        answered: answered)
      if !lines.isEmpty {
        if !result.lines.isEmpty { result.lines.append([]) }
        result.lines += lines
      }
    }
    return result
  }

  /// How many lines step `stepIndex` takes at `width`.
  public static func lineCount(lesson: Lesson, stepIndex: Int, width: Int) -> Int {
    lines(lesson: lesson, stepIndex: stepIndex, width: width).count
  }

  /// The largest useful scroll offset for step `stepIndex` in a lesson pane box `box`: 0 when it fits.
  public static func maxScroll(lesson: Lesson, stepIndex: Int, box: Rect) -> Int {
    let area = textArea(of: box)
    guard area.width > 0 else { return 0 }
    return max(0, lineCount(lesson: lesson, stepIndex: stepIndex, width: area.width) - area.height)
  }

  /// ``maxScroll(lesson:stepIndex:box:)`` for the lesson pane of ``TutorLayout`` at `screen`.
  public static func maxScroll(lesson: Lesson, stepIndex: Int, screen: Size) -> Int {
    maxScroll(lesson: lesson, stepIndex: stepIndex, box: TutorLayout(size: screen).lessonPane)
  }

  /// Draws the pane into `box` (border included); see ``render(in:into:lesson:stepIndex:scroll:theme:capabilities:focused:answered:)``.
  public static func render(
    in box: Rect, into grid: inout CellGrid, lesson: Lesson, stepIndex: Int, scroll: Int, context: PaneContext,
    answered: Bool = false
  ) {
    render(
      in: box, into: &grid, lesson: lesson, stepIndex: stepIndex, scroll: scroll, theme: context.theme,
      capabilities: context.capabilities, focused: context.focused, answered: answered)
  }

  /// Draws the pane into `box` (border included): the titled box, the text from line `scroll` (clamped to
  /// `0...maxScroll`), and the scroll indicator. `answered` says the learner already answered the exercise
  /// correctly. Pure; clips to `box` and the grid at any size.
  public static func render(
    in box: Rect, into grid: inout CellGrid, lesson: Lesson, stepIndex: Int, scroll: Int, theme: Theme,
    capabilities: TerminalCapabilities, focused: Bool = false, answered: Bool = false
  ) {
    let unicode = capabilities.unicode
    grid.fill(box, style: theme.style(.text))
    let count = lesson.steps.count
    let index = min(max(stepIndex, 0), max(0, count - 1))
    let title =
      count == 0
      ? lesson.meta.title : boxTitle(lesson.steps[index].title, index: index, count: count, boxWidth: box.width, unicode: unicode).text
    let borderStyle = theme.style(focused ? .borderFocused : .border)
    grid.drawBox(
      box, title: fittedTitle(title, boxWidth: box.width, unicode: unicode), style: borderStyle,
      titleStyle: LessonSpans.merge(borderStyle, theme.style(.paneTitle)), glyphs: capabilities.boxGlyphs)

    let area = textArea(of: box)
    guard !area.isEmpty else { return }
    let lines = self.lines(
      lesson: lesson, stepIndex: index, width: area.width, theme: theme, capabilities: capabilities,
      answered: answered)
    let top = min(max(scroll, 0), max(0, lines.count - area.height))
    for (row, line) in lines.dropFirst(top).prefix(area.height).enumerated() {
      grid.put(line, at: Point(x: area.x, y: area.y + row), clip: area)
    }
    if lines.count > area.height {
      drawIndicator(
        in: box, into: &grid, first: top + 1, last: min(lines.count, top + area.height), total: lines.count,
        style: LessonSpans.merge(borderStyle, theme.style(.keyHint)), unicode: unicode)
    }
  }

  // MARK: - Pieces

  static func step(of lesson: Lesson, _ index: Int) -> LessonStep? {
    guard !lesson.steps.isEmpty else { return nil }
    return lesson.steps[min(max(index, 0), lesson.steps.count - 1)]
  }

  /// The step's title on the box's top border, whole: `Step k/n: title` when it fits, else the title alone (the
  /// status bar shows `Sk/n`), else `Step k/n` and `inTitleBar` (the title bar then shows the step's title instead
  /// of the lesson's, so the title is whole on screen at every size the tutor runs at).
  static func boxTitle(
    _ stepTitle: String, index: Int, count: Int, boxWidth: Int, unicode: Bool
  ) -> (text: String, inTitleBar: Bool) {
    let room = boxWidth - 6
    let number = "Step \(index + 1)/\(count)"
    let title = LessonSpans.shown(stepTitle, unicode: unicode)
    if number.count + 2 + title.count <= room { return (number + ": " + stepTitle, false) }
    if title.count <= room { return (stepTitle, false) }
    return (number, true)
  }

  /// The title as it fits the top border of a box `boxWidth` wide (cut with `…`), in ASCII when needed.
  static func fittedTitle(_ title: String, boxWidth: Int, unicode: Bool) -> String {
    let shown = LessonSpans.shown(title, unicode: unicode)
    let room = boxWidth - 6  // corner, rule, space … space, rule, corner
    guard room > 0 else { return shown }
    let cut = LessonSpans.truncate([StyledSpan(shown)], to: room, ellipsis: unicode ? "…" : "~").0
    // Concatenated by hand: `[String].joined()` is not specialised into this module, and its first use scans every
    // conformance record of the static executable (docs/DECISIONS.md, "Start-up, session 7").
    var fitted = ""
    for span in cut { fitted += span.text }
    return fitted
  }

  /// The exercise at the end of the text: `✎ question`, the choices, and how to answer.
  static func exerciseLines(
    _ exercise: Exercise, width: Int, theme: Theme, unicode: Bool, answered: Bool
  ) -> [[StyledSpan]] {
    guard width > 0 else { return [] }
    let text = theme.style(.text)
    let marker = [StyledSpan(unicode ? "✎ " : "? ", style: LessonSpans.merge(text, theme.style(.listMarker)))]
    let question = LessonSpans.wrap(
      [StyledSpan(exercise.question, style: LessonSpans.merge(text, theme.style(.strong)))], width: max(1, width - 2))
    var out = LessonSpans.prefixed(question, first: marker, rest: LessonSpans.blank(2))
    out += ExerciseOverlay.choiceLines(
      exercise.choices, width: width, indent: 2, base: text, marker: LessonSpans.merge(text, theme.style(.listMarker)),
      unicode: unicode)
    let footer =
      answered
      ? [StyledSpan(unicode ? "✓ answered" : "+ answered", style: LessonSpans.merge(text, theme.style(.success)))]
      : [
        StyledSpan(
          exercise.goal == nil ? "press a to answer" : "press c: try it in the sandbox",
          style: LessonSpans.merge(text, theme.style(.dim)))
      ]
    out += LessonSpans.prefixed(
      LessonSpans.wrap(footer, width: max(1, width - 2)), first: LessonSpans.blank(2), rest: LessonSpans.blank(2))
    return out.map { line in
      let fitted = LessonSpans.prefix(line, width)
      return LessonSpans.merged(unicode ? fitted : LessonSpans.ascii(fitted))
    }
  }

  /// `↓ more (j/k) 1-20/27` on the bottom border, right-aligned; shorter forms when the box is narrow.
  static func drawIndicator(
    in box: Rect, into grid: inout CellGrid, first: Int, last: Int, total: Int, style: Style, unicode: Bool
  ) {
    let up = first > 1
    let down = last < total
    let arrows = (up ? (unicode ? "↑" : "^") : "") + (down ? (unicode ? "↓" : "v") : "")
    let words = down ? (up ? " (j/k)" : " more (j/k)") : " end (k)"
    let range = "\(first)-\(last)/\(total)"
    let room = box.width - 4
    let candidates = [" \(arrows)\(words) \(range) ", " \(arrows) \(range) ", " \(arrows) ", arrows]
    guard let text = candidates.first(where: { $0.count <= room }), !text.isEmpty else { return }
    grid.put(text, at: Point(x: box.maxX - 2 - text.count, y: box.maxY - 1), style: style, clip: box)
  }
}
