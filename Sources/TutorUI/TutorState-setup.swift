import TermGrid
import VirtioLessons

/// Entry points the CLI uses to set up a state before the first frame (also used by `render`).
extension TutorState {
  /// Shows a one-line notice in the status line (e.g. a progress-file warning).
  public mutating func show(notice: String) { self.notice = notice }

  /// Pauses the step's animation after `count` units (events, or flow steps in a flow view), settled; never before
  /// the step's set-up (``startCursor``).
  public mutating func show(event count: Int) {
    play.isPlaying = false
    cursor = min(max(count, startCursor), animationLength)
    phase = cursor == 0 ? 0 : lastPhase
  }

  /// Plays at the fastest speed from the start of the step (the UI benchmark animates without input).
  public mutating func setFastestPlayback() {
    play.speedIndex = PlayState.speeds.count - 1
    play.isPlaying = true
    rewind()
  }

  /// Opens an overlay by name: `help`, `index`, `exercise`, `review` or `blank`.
  public mutating func open(overlayNamed name: String) throws(OverlayNameError) {
    switch name {
    case "help": overlay = .help
    case "index": overlay = .lessonIndex(selected: lessonIndex)
    case "exercise": overlay = currentExercise == nil ? nil : .exercise(freshPrompt())
    case "review": overlay = .review
    case "blank": overlay = .blank
    default: throw OverlayNameError(name: name)
    }
  }
}

/// An unknown overlay name.
public struct OverlayNameError: Error, CustomStringConvertible {
  public let name: String
  public var description: String { "unknown overlay '\(name)'; choose help, index, exercise, review or blank" }
}

/// The tutor's start-up before the catalog is built (``TutorState/init(opening:at:of:progress:step:theme:capabilities:)``)
/// and when it arrives after the first frame (``TutorState/adopt(catalog:wanted:step:)``).
extension TutorState {
  /// Opens `lesson` as lesson `position` of `count` before the other lessons are read: the title bar and status
  /// line show its number, and the other places hold a placeholder that nothing draws or opens before
  /// ``adopt(catalog:wanted:step:)`` replaces them (the CLI calls it right after the first frame, before any input).
  public init(
    opening lesson: Lesson, at position: Int, of count: Int, progress: LearnerProgress, step: Int?,
    theme: Theme = .dark, capabilities: TerminalCapabilities = .full
  ) {
    let position = min(max(position, 0), max(count, 1) - 1)
    var lessons = Array(repeating: Lesson.notYetRead, count: max(count, 1))
    lessons[position] = lesson
    self.init(lessons: lessons, progress: progress, lessonID: lesson.id, step: step, theme: theme, capabilities: capabilities)
  }

  /// Replaces the lessons with the built catalog. When the catalog opens the same lesson the state shows (what the
  /// full start-up would have opened for `wanted`: the lesson asked for, else the one the loaded progress saved;
  /// nil for the first), the learner stays where they are and only the lesson numbers change; otherwise (a stale
  /// hint) the catalog's lesson opens as at start-up. An empty catalog keeps the open lesson as the only one.
  /// `whole`: the open lesson parsed whole, when the state opened a preview (``LessonParser/preview(bytes:file:through:)``);
  /// it replaces the preview first (``finishPreview(_:step:)``).
  public mutating func adopt(catalog: [Lesson], wanted: String?, step: Int?, whole: Lesson? = nil) {
    if let whole { finishPreview(whole, step: step) }
    let shown = lesson
    guard !catalog.isEmpty else {
      lessons = [shown]
      lessonIndex = 0
      return
    }
    let index = catalog.firstIndex { $0.id == wanted } ?? 0
    if catalog[index].id == shown.id && catalog[index].file == shown.file {
      var lessons = catalog
      lessons[index] = shown  // already parsed, and its playback already played
      self.lessons = lessons
      lessonIndex = index
      return
    }
    lessons = catalog
    lessonIndex = index
    playback = LessonPlayback(lesson: catalog[index])
    let saved = progress.steps[catalog[index].id] ?? 0
    stepIndex = min(max(step ?? saved, 0), max(0, playback.steps.count - 1))
    progress.currentLesson = catalog[index].id
    scroll = 0
    overlay = nil
    settle()
  }
}

extension TutorState {
  /// Replaces the open preview by the whole lesson. When the steps the preview parsed are the whole lesson's first
  /// steps (and the front matter is the same), the learner stays where they are (step, animation, scroll) and
  /// only the step count can change; otherwise (the rest of the file changed what the beginning means, or it has
  /// errors) the whole lesson opens as at start-up, at `step` or the saved step.
  mutating func finishPreview(_ whole: Lesson, step: Int?) {
    let shown = lesson
    guard let parsed = shown.previewedSteps, whole.previewedSteps == nil else { return }
    let same = whole.meta == shown.meta && whole.file == shown.file && whole.steps.count >= parsed
      && whole.steps.prefix(parsed).elementsEqual(shown.steps.prefix(parsed))
    lessons[lessonIndex] = whole
    playback = LessonPlayback(lesson: whole)
    if same && stepIndex < parsed { return }
    let saved = progress.steps[whole.id] ?? 0
    stepIndex = min(max(step ?? saved, 0), max(0, playback.steps.count - 1))
    scroll = 0
    overlay = nil
    settle()
  }
}

extension Lesson {
  /// What stands for a lesson not read yet in ``TutorState/init(opening:at:of:progress:step:theme:capabilities:)``.
  static let notYetRead = Lesson(
    meta: LessonMeta(id: "", idPosition: SourcePosition(file: "", line: 1, column: 1), title: "…"), steps: [], file: "")
}
