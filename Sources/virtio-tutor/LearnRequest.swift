import Foundation
import TutorUI

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

  func run() throws {
    let store = ProgressStore.standard()
    if resetProgress { try store.reset() }
    let (progress, warning) = store.load()
    let catalog = try display.loadLessons(deferringBodies: true)
    let lessonID = try lesson.map { try LessonSelector.id(of: $0, in: catalog) }
    if let step { try LessonSelector.check(step: step, of: lessonID ?? progress.currentLesson ?? catalog[0].id, in: catalog) }
    var state = TutorState(
      lessons: catalog, progress: progress, lessonID: lessonID, step: step.map { $0 - 1 }, theme: try display.resolvedTheme(),
      capabilities: display.requestedCapabilities)
    if ScreenReaderMode.requested(flag: screenReader) {
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
      watch: watch ? LessonWatcher().check : nil, presenter: presenter)
  }
}
