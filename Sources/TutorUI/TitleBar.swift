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
      // Counters first, the title last: a narrow screen cuts the title, never a count.
      text += sep + "Lesson \(state.lessonIndex + 1)/\(state.lessons.count)"
      if state.lesson.steps.indices.contains(state.stepIndex) {
        text += sep + "Step \(state.stepIndex + 1)/\(state.lesson.steps.count)"
      }
      text += sep + state.lesson.meta.title
    }
    if text.count > area.width, area.width > 1 {
      text = String(text.prefix(area.width - 1)) + (state.capabilities.unicode ? "…" : ">")
    }
    grid.put(text, at: Point(x: area.x, y: area.y), style: style, clip: area)
  }
}
