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
    let base = TutorLayout(size: state.screen)
    guard base.fits else {
      TooSmallScreen.render(in: screen, into: &grid, theme: state.theme, capabilities: state.capabilities)
      return grid
    }
    if state.overlay == .blank {
      BlankScreen.render(in: screen, into: &grid, theme: state.theme, hint: true)
      return grid
    }
    TitleBar.render(in: base.titleBar, into: &grid, state: state)
    StatusBar.render(in: base.statusBar, into: &grid, state: state)
    guard !state.lessons.isEmpty else {
      grid.put("No lessons found. Use --lessons DIR or set VIRTIO_TUTOR_LESSONS.", at: Point(x: 2, y: 2), style: state.theme.style(.warning))
      return grid
    }
    var context = PaneContext(frame: FrameBuilder.frame(for: state), theme: state.theme, capabilities: state.capabilities)
    let step = state.lesson.steps.indices.contains(state.stepIndex) ? state.lesson.steps[state.stepIndex] : nil
    context.noPictureReason = step?.noPictureReason
    let screenLayout = Self.layout(for: state, context: context)
    let layout = screenLayout.layout
    renderLesson(state, layout: layout, context: context, into: &grid)
    renderVisual(state.view, in: layout.visualPane, context: context, into: &grid)
    // The counters always stay: the caption is in the band across the screen, or the log grew for it.
    CountersPane().render(in: layout.countersPane, into: &grid, context: context)
    let log = EventLogPane(scroll: state.logScroll, showsCaption: !screenLayout.captionInBand)
    var logContext = context
    logContext.focused = state.focus == .log
    log.render(in: layout.eventLogPane, into: &grid, context: logContext)
    if screenLayout.captionInBand { CaptionBand.render(in: layout.captionBand, into: &grid, context: context) }
    if let box = state.sandbox {
      SandboxBar.render(box, notice: state.notice, in: screen, into: &grid, theme: state.theme, unicode: state.capabilities.unicode)
    }
    renderOverlay(state, screen: screen, into: &grid)
    return grid
  }

  /// The layout of `state`'s screen, and whether the caption is in its band: a band across the screen
  /// (``TutorLayout/captionBand``, at most ``TutorLayout/captionBandLimit`` rows) when the screen wants one, the step
  /// has events and its text leaves at least 2 rows (so the band never costs the step-fit check a line); the caption
  /// goes there when it fits, else the event log holds it and grows (from the visual pane) until it is whole; a
  /// focused log grows until the entry it is scrolled to is whole as well.
  public static func layout(for state: TutorState) -> (layout: TutorLayout, captionInBand: Bool) {
    layout(for: state, context: PaneContext(frame: FrameBuilder.frame(for: state), theme: state.theme, capabilities: state.capabilities))
  }

  static func layout(for state: TutorState, context: PaneContext) -> (layout: TutorLayout, captionInBand: Bool) {
    let (layout, band) = captionLayout(for: state, context: context)
    guard state.focus == .log else { return (layout, band) }
    // A focused log grows (from the visual pane) until the entry it is scrolled to is whole.
    let log = EventLogPane(scroll: state.logScroll, showsCaption: !band)
    let needed = log.rowsNeededForEntry(width: layout.eventLogPane.width, context: context)
    return (layout.growingLog(by: needed - layout.eventLogPane.height), band)
  }

  static func captionLayout(for state: TutorState, context: PaneContext) -> (layout: TutorLayout, captionInBand: Bool) {
    let base = TutorLayout(size: state.screen)
    guard base.fits, !state.lessons.isEmpty else { return (base, false) }
    var layout = base
    let frame = context.frame
    let log = EventLogPane()
    let flow = log.showsFlow(frame)
    let hasEvents = flow ? !(frame.flow?.steps.isEmpty ?? true) : !frame.events.isEmpty
    if base.wantsCaptionBand, hasEvents {
      let used = LessonPane.lineCount(lesson: state.lesson, stepIndex: state.stepIndex, width: base.lessonText.width)
      let free = base.lessonText.height - used
      if free >= 2 { layout = TutorLayout(size: state.screen, captionRows: free) }
    }
    guard let caption = EventCaption.current(frame, flow: flow) else { return (layout, !layout.captionBand.isEmpty) }
    if !layout.captionBand.isEmpty, CaptionBand.lines(caption, width: layout.captionBand.width, context: context).count <= layout.captionBand.height {
      return (layout, true)
    }
    let needed = log.rowsNeeded(width: layout.eventLogPane.width, context: context)
    return (layout.growingLog(by: needed - layout.eventLogPane.height), false)
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
