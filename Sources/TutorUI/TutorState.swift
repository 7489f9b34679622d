import TermGrid
import VirtioLessons

/// The whole state of the tutor: which lesson and step, how far the step's animation has played, overlays,
/// scrolling, screen size, theme and the learner's progress. ``TutorReducer`` changes it; ``TutorView`` draws it.
public struct TutorState: Sendable {
  /// The lessons, in catalog order.
  public internal(set) var lessons: [Lesson]
  /// Index of the open lesson.
  public internal(set) var lessonIndex: Int
  /// The open lesson's precomputed playback.
  public internal(set) var playback: LessonPlayback
  /// Index of the current step.
  public internal(set) var stepIndex: Int
  /// How many animation units (trace events, or flow steps in a flow view) of the step have started.
  public internal(set) var cursor = 0
  /// Progress of the current unit's animation, 0..<``phaseCount``.
  public internal(set) var phase = 0
  /// Ticks spent waiting for a step's auto-advance.
  public internal(set) var advanceTicks = 0
  /// Exercises the learner skipped in this run (`s` on a held step), by ``LearnerProgress/exerciseKey(lesson:step:)``:
  /// their steps play as if answered until ``TutorState/redoExercise()``.
  public internal(set) var skippedExercises: Set<String> = []
  /// Playing or paused, and the speed.
  public internal(set) var play = PlayState()
  /// The open overlay, if any.
  public internal(set) var overlay: Overlay?
  /// First line of the lesson text shown.
  public internal(set) var scroll = 0
  /// Which pane the scrolling keys move: the lesson text or the event log.
  public internal(set) var focus = Focus.lesson
  /// How many entries the event log is scrolled back from the newest (0: the newest at the bottom).
  public internal(set) var logScroll = 0
  /// Terminal size.
  public internal(set) var screen: Size
  /// Colours and attributes.
  public var theme: Theme
  /// What the terminal can show.
  public var capabilities: TerminalCapabilities
  /// What is saved between runs.
  public internal(set) var progress: LearnerProgress
  /// A one-line notice for the status line (e.g. a progress-file warning).
  public internal(set) var notice: String?
  /// The step number being typed (digits, or `:` then digits), until Enter goes there; nil when none.
  public internal(set) var goTo: String?
  /// The overlay a blanked screen hides, restored when the screen comes back.
  public internal(set) var underBlank: Overlay?
  /// Kiosk mode (`learn --auto SECONDS`): seconds per step for steps without their own `advance`; the tutor then
  /// also moves on from a lesson's last step to the next lesson (and from the last lesson back to the first).
  public var kioskSeconds: Double?
  /// The sandbox command line, while it is open.
  public internal(set) var sandbox: SandboxState?

  /// Opens `lessons` at the lesson and step the progress remembers (or the given ones).
  public init(
    lessons: [Lesson], progress: LearnerProgress = LearnerProgress(), lessonID: String? = nil, step: Int? = nil,
    screen: Size = TutorLayout.minimum, theme: Theme = .dark, capabilities: TerminalCapabilities = .full
  ) {
    self.lessons = lessons
    self.progress = progress
    self.screen = screen
    self.theme = theme
    self.capabilities = capabilities
    let wanted = lessonID ?? progress.currentLesson
    let index = lessons.firstIndex { $0.id == wanted } ?? 0
    lessonIndex = index
    playback = LessonPlayback(lesson: lessons.isEmpty ? Lesson.empty : lessons[index])
    let saved = lessons.isEmpty ? 0 : progress.steps[lessons[index].id] ?? 0
    stepIndex = min(max(step ?? saved, 0), max(0, playback.steps.count - 1))
    self.progress.currentLesson = lessons.isEmpty ? nil : lessons[index].id
    settle()
  }

  /// The open lesson.
  public var lesson: Lesson { playback.lesson }
  /// The current step's playback as shown: while the step is held for its exercise (``heldForExercise``), only
  /// its ``Exercise/prelude`` scripts (none by default), so every pane, the caption, the log, the narration and a
  /// recording show the engine's state before the commands whose outcome the learner is asked to predict.
  public var stepPlayback: StepPlayback {
    if let sandbox { return sandbox.playback }
    let whole = playback.step(stepIndex)
    guard heldForExercise, let exercise = currentExercise else { return whole }
    return whole.prefix(scripts: exercise.prelude)
  }
  /// The current step's whole playback, held or not (what an exercise's `check:` is evaluated on).
  public var wholeStepPlayback: StepPlayback { sandbox?.playback ?? playback.step(stepIndex) }

  /// Whether the step's playback waits for the learner's prediction (predict, then watch): the step's exercise asks
  /// a question (`check:`/`answer:`) with `play: after` and is neither answered (right, or shown after the third
  /// try) nor skipped, and the step has commands after its prelude. Answering or skipping releases it.
  public var heldForExercise: Bool {
    guard sandbox == nil, let exercise = currentExercise, exercise.holdsPlayback, !exerciseAnswered, !exerciseSkipped
    else { return false }
    let whole = playback.step(stepIndex)
    return whole.heldCommandCount(scripts: exercise.prelude) < whole.commands.count
  }
  /// The visualisation the current step asks for.
  public var view: LessonView { lesson.view(forStep: stepIndex) }

  /// Whether this step animates flow steps (a flow view of a step that ran a flow) rather than trace entries.
  public var animatesFlow: Bool { view == .flow && stepPlayback.flow != nil }
  /// Number of animation units in the current step.
  public var animationLength: Int {
    animatesFlow ? stepPlayback.flow?.steps.count ?? 0 : stepPlayback.events.count
  }
  /// Whether the current step's animation has played to the end.
  public var isSettled: Bool { cursor >= animationLength && (animationLength == 0 || phase >= lastPhase) }

  /// The animation frames of the current unit: ``VisualFrame/phases`` for a ring event, three per hop for the flow
  /// step being animated (``VisualFrame/phases(forHops:)``).
  public var phaseCount: Int {
    guard animatesFlow, let flow = stepPlayback.flow, cursor > 0, cursor <= flow.steps.count else { return VisualFrame.phases }
    return VisualFrame.phases(forHops: flow.steps[cursor - 1].hops.count)
  }
  /// The current unit's last (settled) frame.
  public var lastPhase: Int { phaseCount - 1 }
  /// Frames per hop of the current unit (a ring event is one "hop" of all its frames).
  var phasesPerHop: Int { animatesFlow ? VisualFrame.phasesPerHop : VisualFrame.phases }

  /// The delay before the next tick, or nil when nothing is due (the run loop then blocks on input).
  public var nextTick: Duration? {
    guard play.isPlaying, overlay == nil, !lessons.isEmpty else { return nil }
    if !isSettled { return play.frameInterval }
    if autoAdvanceSeconds != nil { return play.frameInterval }
    return nil
  }

  /// Seconds before this step moves on by itself: the step's or lesson's `advance`, else the kiosk time; nil when
  /// it waits for the learner (no timing, an unanswered exercise outside kiosk mode, or the lesson's end outside
  /// kiosk mode). In kiosk mode nobody may be at the keyboard: a held question shows for this long, is then skipped
  /// and its step plays (``TutorState/kioskSkip()``), and the step moves on this long after it settles.
  public var autoAdvanceSeconds: Double? {
    guard !lesson.steps.isEmpty, let seconds = lesson.advanceAfter(forStep: stepIndex) ?? kioskSeconds else { return nil }
    if currentExercise != nil && !exerciseAnswered && kioskSeconds == nil { return nil }
    if stepIndex + 1 >= lesson.steps.count && kioskSeconds == nil { return nil }
    return seconds
  }

  /// Where the step's animation starts: after its set-up's events (``StepPlayback/setUpCommands``: a step that
  /// resets or re-creates its queue opens on the new queue, not the previous step's), 0 for a flow view.
  public var startCursor: Int { animatesFlow ? 0 : min(stepPlayback.setUpEvents, animationLength) }

  /// Jumps the animation to the end of the step.
  mutating func settle() {
    cursor = animationLength
    phase = lastPhase
  }

  /// Restarts the animation at the beginning of the step (after its set-up, which the first frame shows done).
  mutating func rewind() {
    cursor = startCursor
    phase = cursor == 0 ? 0 : lastPhase
    advanceTicks = 0
  }
}

extension TutorState {
  /// Whether the learner skipped the current step's exercise in this run (its step plays; the answer stays unknown).
  public var exerciseSkipped: Bool {
    skippedExercises.contains(LearnerProgress.exerciseKey(lesson: lesson.id, step: stepIndex))
  }
}

extension Lesson {
  /// A placeholder lesson for an empty catalog.
  static let empty = Lesson(
    meta: LessonMeta(id: "none", idPosition: SourcePosition(file: "", line: 1, column: 1), title: "No lessons found"),
    steps: [], file: "")
}
