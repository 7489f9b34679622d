import ArgumentParser
import Foundation
import TermGrid
import TutorTerminal
import TutorUI
import VirtioLessons

/// `virtio-tutor learn`: the tutor itself (also what `virtio-tutor` alone runs: resume where you left off).
struct LearnCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "learn", abstract: "Open the tutor (resumes where you left off).")

  @Argument(help: "Lesson id or number to open (default: where you left off).")
  var lesson: String?

  @Option(parsing: .unconditional, help: "Step to open (1-based).")
  var step: Int?

  @OptionGroup var display: DisplayOptions

  @Flag(name: .customLong("reset-progress"), help: "Forget saved progress and start from the first lesson.")
  var resetProgress = false

  @Option(name: .customLong("auto"), parsing: .unconditional, help: "Kiosk mode: advance every SECONDS (steps with their own 'advance' keep it), across lessons, looping; an unanswered question shows for SECONDS, then is skipped and its step plays.")
  var autoSeconds: Double?

  @Flag(help: "Reload the open lesson's file when it changes (for authors); a lesson error shows in the status line.")
  var watch = false

  @Flag(name: .customLong("screen-reader"), help: "Linear mode for screen readers (also VIRTIO_TUTOR_SCREEN_READER=1): plain prose, one sentence per event, commands read a line at a time (n, b, a, a number, q).")
  var screenReader = false

  @Flag(help: "Publish the current step for `virtio-tutor notes` in a second terminal (a socket under $XDG_RUNTIME_DIR).")
  var present = false

  @Option(name: .customLong("bench-frames"), parsing: .unconditional, help: .hidden)
  var benchFrames: Int?

  mutating func validate() throws {
    if let autoSeconds, !(autoSeconds > 0 && autoSeconds <= 86_400) {
      throw ValidationError("--auto takes seconds between 0 and 86400, not \(autoSeconds)")
    }
  }

  /// The parsed arguments as values.
  var request: LearnRequest {
    LearnRequest(
      lesson: lesson, step: step, display: display.settings, resetProgress: resetProgress, autoSeconds: autoSeconds,
      watch: watch, screenReader: screenReader, present: present, benchFrames: benchFrames)
  }

  mutating func run() throws { try request.run() }

  /// Runs the tutor on the terminal (or prints the lesson as plain text when there is none, with the progress
  /// file's `warning` and a failed save in one line each on standard error), saving progress.
  static func present(
    _ state: inout TutorState, store: ProgressStore, requested: TerminalCapabilities, benchFrames: Int? = nil,
    warning: String? = nil, watch: ((TutorState) -> TutorAction?)? = nil, presenter: NotesPresenter? = nil,
    afterFirstFrame: ((inout TutorState) -> Void)? = nil
  ) throws {
    // Curses needs only LC_CTYPE: when there is work after the first frame (the catalog), the other locale
    // categories are set then.
    let opened = NCursesTerminal.open(options: .init(requested: requested, restOfLocaleLater: afterFirstFrame != nil))
    switch opened {
    case .failure(let reason):
      printError("virtio-tutor: \(reason); printing the lesson as plain text")
      if let warning { printError("virtio-tutor: \(warning)") }
      // The catalog, and the whole lesson when a preview was opened for the first frame: all of it is printed.
      afterFirstFrame?(&state)
      ScreenReaderMode.printLesson(state.lesson, requested: requested)
      if let saveError = store.save(state.progress) { printError("virtio-tutor: \(saveError)") }
    case .success(var terminal):
      state.capabilities = terminal.capabilities
      var saveError: String?
      let exit: TutorProgram.Exit
      do {
        exit = try TutorProgram.run(
          &state, on: &terminal, save: { progress in
            let failure = store.save(progress)
            saveError = failure ?? saveError
            return failure
          }, maxFrames: benchFrames,
          onFrame: benchFrames == nil ? nil : { BenchStamp.record(frame: $0) }, writeFile: SandboxFiles.write,
          watch: watch.map { (interval: .milliseconds(300), check: $0) },
          present: presenter.map { p in (interval: .milliseconds(250), publish: { p.publish($0) }) },
          afterFirstFrame: afterFirstFrame.map { work in
            { state in
              NCursesTerminal.setRestOfLocale()
              work(&state)
            }
          })
      } catch {
        terminal.close()
        throw error
      }
      if benchFrames != nil { BenchStamp.write() }
      terminal.close()
      if let saveError { printError("virtio-tutor: \(saveError)") }
      if case .signal(let number) = exit { throw ExitCode(128 + number) }
    }
  }
}

/// Theme, glyphs and lesson directory, shared by `learn` and `render` (the values are a ``DisplaySettings``).
struct DisplayOptions: ParsableArguments {
  @Option(name: .customLong("theme"), help: "Colour theme: dark, light, terminal (your terminal's own colours) or projector (high contrast).")
  var themeName: String = "dark"

  @Flag(help: "Draw with ASCII only (no box-drawing characters).")
  var ascii = false

  @Option(help: "Directory of lesson files (default: $VIRTIO_TUTOR_LESSONS, then ./Lessons, then beside the binary).")
  var lessons: String?

  /// The parsed values.
  var settings: DisplaySettings { DisplaySettings(themeName: themeName, ascii: ascii, lessons: lessons) }

  func resolvedTheme() throws -> Theme { try settings.resolvedTheme() }
  var requestedCapabilities: TerminalCapabilities { settings.requestedCapabilities }
  var fileCapabilities: TerminalCapabilities { settings.fileCapabilities }
  func loadLessons(deferringBodies: Bool = false) throws -> [Lesson] { try settings.loadLessons(deferringBodies: deferringBodies) }
}

/// Resolves a lesson given by id or by 1-based number.
enum LessonSelector {
  static func id(of text: String, in lessons: [Lesson]) throws -> String {
    if let lesson = lessons.first(where: { $0.id == text }) { return lesson.id }
    if let n = Int(text), n >= 1, n <= lessons.count { return lessons[n - 1].id }
    let ids = lessons.map(\.id)
    throw ValidationError("no lesson '\(text)'; lessons: " + ids.joined(separator: ", "))
  }

  /// Rejects a 1-based step number the lesson does not have.
  static func check(step: Int, of id: String, in lessons: [Lesson]) throws {
    try check(step: step, id: id, count: lessons.first { $0.id == id }?.steps.count ?? 0)
  }

  /// Rejects a 1-based step number `lesson` does not have.
  static func check(step: Int, of lesson: Lesson) throws {
    try check(step: step, id: lesson.id, count: lesson.steps.count)
  }

  private static func check(step: Int, id: String, count: Int) throws {
    guard (1...max(1, count)).contains(step) else {
      throw ValidationError("lesson '\(id)' has steps 1–\(count); there is no step \(step)")
    }
  }
}
