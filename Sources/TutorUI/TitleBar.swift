import TermGrid

/// The top line: the tool, the lesson (n/m), the step (k/n) and the lesson's title.
public enum TitleBar {
  /// Draws the title bar into `area` (one row).
  public static func render(in area: Rect, into grid: inout CellGrid, state: TutorState) {
    let style = state.theme.style(.titleBar)
    grid.fill(area, style: style)
    let sep = state.capabilities.unicode ? " · " : " | "
    var text = " virtio-tutor"
    if !state.lessons.isEmpty {
      text = fitted(parts(state, sep: sep), width: area.width, sep: sep, unicode: state.capabilities.unicode)
    }
    grid.put(text, at: Point(x: area.x, y: area.y), style: style, clip: area)
  }

  /// The bar's parts: the lesson counter, the step counter and the title shown (the lesson's, or the step's when
  /// the lesson pane's border cannot hold it: ``LessonPane/boxTitle(_:index:count:boxWidth:unicode:)``).
  static func parts(_ state: TutorState, sep: String) -> (lesson: String, step: String?, title: String) {
    let lesson = "Lesson \(state.lessonIndex + 1)/\(state.lessons.count)"
    let steps = state.lesson.steps
    guard steps.indices.contains(state.stepIndex) else { return (lesson, nil, state.lesson.meta.title) }
    let step = "Step \(state.stepIndex + 1)/\(steps.count)"
    let box = TutorLayout(size: state.screen).lessonPane.width
    let title = LessonSpans.shown(steps[state.stepIndex].title, unicode: state.capabilities.unicode)
    if LessonPane.boxTitle(title, index: state.stepIndex, count: steps.count, boxWidth: box, unicode: state.capabilities.unicode).inTitleBar {
      return (lesson, step + ": " + title, "")
    }
    return (lesson, step, state.lesson.meta.title)
  }

  /// The bar's text in `width` cells: the tool's name goes first, then `Lesson`/`Step` become `L`/`S`; only a
  /// title that does not fit even then is cut, at a word boundary.
  static func fitted(
    _ parts: (lesson: String, step: String?, title: String), width: Int, sep: String, unicode: Bool
  ) -> String {
    // Joined and prefixed with `String.append` on concrete types: the standard library's generic
    // `joined(separator:)` and `String + Substring` resolve their associated types at run time, which in the static
    // executable scans every protocol conformance record (docs/DECISIONS.md, "Start-up, session 10").
    func join(_ items: [String?]) -> String {
      var text = " "
      for case let item? in items where !item.isEmpty {
        if text.utf8.count > 1 { text.append(sep) }
        text.append(item)
      }
      return text
    }
    let short = (
      "L" + String(parts.lesson.dropFirst("Lesson ".count)), parts.step.map { "S" + String($0.dropFirst("Step ".count)) }
    )
    let candidates = [
      join(["virtio-tutor", parts.lesson, parts.step, parts.title]), join([parts.lesson, parts.step, parts.title]),
      join([short.0, short.1, parts.title]),
    ]
    if let whole = candidates.first(where: { $0.count <= width }) { return whole }
    let ellipsis = unicode ? "…" : ">"
    var text = candidates[2]
    while text.count + ellipsis.count > width, let space = text.lastIndex(of: " "), space > text.startIndex {
      text = String(text[..<space])
    }
    return text.count + ellipsis.count <= width ? text + ellipsis : String(text.prefix(max(0, width)))
  }
}
