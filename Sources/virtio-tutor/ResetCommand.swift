import ArgumentParser
import TutorUI
import VirtioLessons

/// `virtio-tutor reset LESSON`: forget one lesson's exercise results, position and completion, keeping the rest.
struct ResetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reset", abstract: "Forget one lesson's progress (exercises, step, completion); other lessons are kept.")

  @Argument(help: "Lesson id or number.")
  var lesson: String

  @Option(help: "Directory of lesson files (default: $VIRTIO_TUTOR_LESSONS, then ./Lessons, then beside the binary).")
  var lessons: String?

  mutating func run() throws {
    let catalog = try DisplayOptions.parse(lessons.map { ["--lessons", $0] } ?? []).loadLessons()
    let id = try LessonSelector.id(of: lesson, in: catalog)
    let store = ProgressStore.standard()
    let (loaded, warning) = store.load()
    if let warning { printError("virtio-tutor: \(warning)") }
    var progress = loaded
    let dropped = progress.reset(lesson: id)
    if let error = store.save(progress) { throw CLIError(error) }
    print("reset lesson '\(id)': \(dropped) exercise result\(dropped == 1 ? "" : "s") forgotten, other lessons kept")
  }
}
