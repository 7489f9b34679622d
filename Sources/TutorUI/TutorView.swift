import TermGrid
import VirtioLessons

/// The tutor's view: a pure function from state to a cell grid (the same grid the terminal shows and
/// `virtio-tutor render` prints).
public enum TutorView {
  /// Renders the whole screen for `state`, as a terminal with the state's capabilities shows it.
  public static func render(_ state: TutorState) -> CellGrid {
    compose(state).themed(state.theme).adapted(to: state.capabilities)
  }

  static func compose(_ state: TutorState) -> CellGrid {
    var grid = CellGrid(size: state.screen)
    let screen = Rect(size: state.screen)
    let layout = TutorLayout(size: state.screen)
    guard layout.fits else {
      TooSmallScreen.render(in: screen, into: &grid, theme: state.theme, capabilities: state.capabilities)
      return grid
    }
    if state.overlay == .blank {
      BlankScreen.render(in: screen, into: &grid, theme: state.theme, hint: true)
      return grid
    }
    TitleBar.render(in: layout.titleBar, into: &grid, state: state)
    StatusBar.render(in: layout.statusBar, into: &grid, state: state)
    guard !state.lessons.isEmpty else {
      grid.put("No lessons found. Use --lessons DIR or set VIRTIO_TUTOR_LESSONS.", at: Point(x: 2, y: 2), style: state.theme.style(.warning))
      return grid
    }
    var context = PaneContext(frame: FrameBuilder.frame(for: state), theme: state.theme, capabilities: state.capabilities)
    let step = state.lesson.steps.indices.contains(state.stepIndex) ? state.lesson.steps[state.stepIndex] : nil
    context.noPictureReason = step?.noPictureReason
    renderLesson(state, layout: layout, context: context, into: &grid)
    renderVisual(state.view, in: layout.visualPane, context: context, into: &grid)
    // The counters stay whenever the step has counts: a long caption first pushes the log's older entries out, and
    // only an error caption that does not fit the log's box on its own takes the counters' rows for that event.
    let log = EventLogPane(scroll: state.logScroll)
    var logContext = context
    logContext.focused = state.focus == .log
    if log.errorCaptionOverflows(area: layout.eventLogPane, context: context) {
      let both = Rect(
        x: layout.countersPane.x, y: layout.countersPane.y, width: layout.countersPane.width,
        height: layout.eventLogPane.maxY - layout.countersPane.y)
      log.render(in: both, into: &grid, context: logContext)
    } else {
      CountersPane().render(in: layout.countersPane, into: &grid, context: context)
      log.render(in: layout.eventLogPane, into: &grid, context: logContext)
    }
    if let box = state.sandbox {
      SandboxBar.render(box, notice: state.notice, in: screen, into: &grid, theme: state.theme, unicode: state.capabilities.unicode)
    }
    renderOverlay(state, screen: screen, into: &grid)
    return grid
  }

  static func renderLesson(_ state: TutorState, layout: TutorLayout, context: PaneContext, into grid: inout CellGrid) {
    var lessonContext = context
    lessonContext.focused = state.focus == .lesson
    LessonPane.render(
      in: layout.lessonPane, into: &grid, lesson: state.lesson, stepIndex: state.stepIndex, scroll: state.scroll,
      context: lessonContext, answered: state.exerciseAnswered)
  }

  static func renderVisual(_ view: LessonView, in area: Rect, context: PaneContext, into grid: inout CellGrid) {
    PictureRegistry.pane(for: view).render(in: area, into: &grid, context: context)
  }

  static func renderOverlay(_ state: TutorState, screen: Rect, into grid: inout CellGrid) {
    switch state.overlay {
    case .help?:
      HelpOverlay.render(in: screen, into: &grid, theme: state.theme, capabilities: state.capabilities)
    case .lessonIndex(let selected)?:
      LessonIndexOverlay.render(
        in: screen, into: &grid, lessons: state.lessons, completed: state.progress.completed, selected: selected,
        current: state.lessonIndex, theme: state.theme, capabilities: state.capabilities)
    case .exercise(let prompt)?:
      if let exercise = state.currentExercise {
        ExerciseOverlay.render(
          in: screen, into: &grid, exercise: exercise, prompt: prompt, theme: state.theme,
          capabilities: state.capabilities)
      }
    case .review?:
      ReviewOverlay.render(
        in: screen, into: &grid, rows: ReviewOverlay.rows(state), title: "Exercises: \(state.lesson.meta.title)",
        theme: state.theme, capabilities: state.capabilities)
    case .blank?, nil:
      break
    }
  }
}

extension TutorState {
  /// The current step's exercise, if any.
  public var currentExercise: Exercise? {
    lesson.steps.indices.contains(stepIndex) ? lesson.steps[stepIndex].exercise : nil
  }

  /// Whether the learner already answered the current step's exercise correctly (or was shown the answer).
  public var exerciseAnswered: Bool {
    let result = progress.exercises[LearnerProgress.exerciseKey(lesson: lesson.id, step: stepIndex)]
    return result.map { $0.correct || $0.revealed } ?? false
  }
}
