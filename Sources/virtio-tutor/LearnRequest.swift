import Foundation
import TutorUI
import VirtioLessons

/// What `learn` was asked to do, as plain values (parsed by ``LearnCommand`` or by ``LearnFastPath``), and doing it.
struct LearnRequest: Equatable {
  var lesson: String?
  var step: Int?
  var display = DisplaySettings()
  var resetProgress = false
  var autoSeconds: Double?
  var watch = false
  var screenReader = false
  var present = false
  var benchFrames: Int?

  /// Opens the tutor: the lesson shown first through ``LearnStartup`` and the catalog after the first frame when
  /// the lesson index hint knows it, else the catalog first (``DisplaySettings/loadLessons(deferringBodies:)``).
  func run() throws {
    let store = ProgressStore.standard()
    if resetProgress { try store.reset() }
    let (progress, warning) = store.load()
    let screenReader = ScreenReaderMode.requested(flag: self.screenReader)
    let directory = try LessonFiles.directory(option: display.lessons)
    var state: TutorState
    var afterFirstFrame: ((inout TutorState) -> Void)?
    var catalogProblem: String?
    let startup = LearnStartup.standard(directory: directory)
    if !screenReader, let opened = startup.open(lesson: lesson, progress: progress, step: step.map { $0 - 1 }) {
      if let step { try LessonSelector.check(step: step, of: opened.lesson) }
      state = TutorState(
        opening: opened.lesson, at: opened.position, of: opened.count, progress: progress, step: step.map { $0 - 1 },
        theme: try display.resolvedTheme(), capabilities: display.requestedCapabilities)
      let (wanted, step) = (lesson ?? progress.currentLesson, step.map { $0 - 1 })
      afterFirstFrame = { state in
        let (catalog, problem) = startup.catalog(previous: opened.hint)
        state.adopt(catalog: catalog, wanted: wanted, step: step, whole: opened.whole())
        if let problem {
          catalogProblem = problem
          if state.notice == nil { state.show(notice: problem) }
        }
      }
    } else {
      let catalog = try display.loadLessons(directory: directory)
      startup.writeHint(for: catalog, previous: nil)
      let lessonID = try lesson.map { try LessonSelector.id(of: $0, in: catalog) }
      if let step { try LessonSelector.check(step: step, of: lessonID ?? progress.currentLesson ?? catalog[0].id, in: catalog) }
      state = TutorState(
        lessons: catalog, progress: progress, lessonID: lessonID, step: step.map { $0 - 1 }, theme: try display.resolvedTheme(),
        capabilities: display.requestedCapabilities)
    }
    if screenReader {
      ScreenReaderMode.run(state, store: store, warning: warning, requested: display.requestedCapabilities)
      return
    }
    if let warning { state.show(notice: warning) }
    state.kioskSeconds = autoSeconds
    if benchFrames != nil { state.setFastestPlayback() }
    let presenter = try present ? NotesPresenter(path: NotesSocket.path(create: true)) : nil
    defer { presenter?.close() }
    try LearnCommand.present(
      &state, store: store, requested: display.requestedCapabilities, benchFrames: benchFrames, warning: warning,
      watch: watch ? LessonWatcher().check : nil, presenter: presenter, afterFirstFrame: afterFirstFrame)
    if let catalogProblem { printError("virtio-tutor: \(catalogProblem)") }
  }
}
