import TermGrid

/// The top line: the tool, the lesson (n/m) and its title, the step (k/n) and its title.
public enum TitleBar {
  /// Draws the title bar into `area` (one row).
  public static func render(in area: Rect, into grid: inout CellGrid, state: TutorState) {
    let style = state.theme.style(.titleBar)
    grid.fill(area, style: style)
    let sep = state.capabilities.unicode ? " · " : " | "
    var text = " virtio-tutor"
    if !state.lessons.isEmpty {
      text += sep + "Lesson \(state.lessonIndex + 1)/\(state.lessons.count): \(state.lesson.meta.title)"
      if state.lesson.steps.indices.contains(state.stepIndex) {
        text += sep + "Step \(state.stepIndex + 1)/\(state.lesson.steps.count)"
      }
    }
    grid.put(text, at: Point(x: area.x, y: area.y), style: style, clip: area)
  }
}
