import ArgumentParser
import TermGrid
import TutorUI
import VirtioLessons

/// `virtio-tutor render LESSON --step N`: print the screen as text, exactly the grid the terminal shows.
struct RenderCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render", abstract: "Print a step's screen as text (for tests, docs and bug reports).")

  @Argument(help: "Lesson id or number.")
  var lesson: String

  @Option(parsing: .unconditional, help: "Step (1-based).")
  var step: Int = 1

  @Option(parsing: .unconditional, help: "Screen width.")
  var width: Int = 80

  @Option(parsing: .unconditional, help: "Screen height.")
  var height: Int = 24

  @Option(parsing: .unconditional, help: "Show the step after this many events, the last one marked \"now\" (never before the step's set-up, which its first frame shows done; default: the step's end, settled).")
  var event: Int?

  @Option(help: "Open an overlay: help, index, exercise or blank.")
  var overlay: String?

  @Flag(help: "Show the step with its exercise answered: the whole step played, the exercise box with the answer and its explanation (a goal: reached, in the status line).")
  var answered = false

  @OptionGroup var display: DisplayOptions

  mutating func run() throws {
    guard width > 0, height > 0, width <= 1000, height <= 1000 else { throw ValidationError("width and height must be 1…1000") }
    if let event, event < 0 { throw ValidationError("--event counts the step's events from 0, not \(event)") }
    if answered, let overlay { throw ValidationError("--answered opens the exercise box itself; leave out --overlay \(overlay)") }
    let lessons = try display.loadLessons()
    let id = try LessonSelector.id(of: lesson, in: lessons)
    try LessonSelector.check(step: step, of: id, in: lessons)
    var state = TutorState(
      lessons: lessons, lessonID: id, step: step - 1, screen: Size(width: width, height: height), theme: try display.resolvedTheme(),
      capabilities: display.requestedCapabilities)
    if answered, !state.showAnswered() {
      throw ValidationError("step \(step) of \(id) has no exercise to show answered")
    }
    if let event { state.show(litEvent: event) }
    if let overlay { try state.open(overlayNamed: overlay) }
    print(TutorView.render(state).text)
  }
}
