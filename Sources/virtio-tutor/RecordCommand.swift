import ArgumentParser
import Foundation
import TermGrid
import TutorUI
import VirtioLessons

/// `virtio-tutor record LESSON -o FILE.cast`: an asciicast v2 recording of the lesson's steps, made from the frames
/// the terminal shows, without a terminal.
struct RecordCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "record", abstract: "Write an asciicast v2 recording of a lesson (play it with `asciinema play`, `-m` stops at each step).")

  @Argument(help: "Lesson id or number.")
  var lesson: String

  @Option(help: "Steps to record: N or A-B (1-based; default: all).")
  var steps: String?

  @Option(parsing: .unconditional, help: "Screen width.")
  var width: Int = 80

  @Option(parsing: .unconditional, help: "Screen height.")
  var height: Int = 24

  @Option(name: .shortAndLong, help: "The .cast file to write.")
  var output: String

  @OptionGroup var display: DisplayOptions

  mutating func run() throws {
    guard width >= 80, height >= 24, width <= 1000, height <= 1000 else {
      throw ValidationError("width and height must be at least 80×24 (the tutor's smallest screen) and at most 1000")
    }
    let lessons = try display.loadLessons()
    let id = try LessonSelector.id(of: lesson, in: lessons)
    let count = lessons.first { $0.id == id }?.steps.count ?? 0
    let range = try Self.range(steps, count: count)
    let state = TutorState(
      lessons: lessons, lessonID: id, step: range.lowerBound, screen: Size(width: width, height: height),
      theme: try display.resolvedTheme(), capabilities: display.fileCapabilities)
    let cast = LessonRecorder.record(state, steps: range)
    do {
      try cast.text.write(toFile: output, atomically: true, encoding: .utf8)
    } catch {
      throw CLIError("cannot write '\(output)': \(error.localizedDescription)")
    }
    let markers = cast.events.filter { $0.code == "m" }.count
    let seconds = Double(cast.events.last?.milliseconds ?? 0) / 1000
    print("wrote \(output): \(cast.events.count) events, \(markers) steps, \(seconds) s")
  }

  /// `3` or `2-5` (1-based, inclusive) as a 0-based range inside `1...count`.
  static func range(_ text: String?, count: Int) throws -> ClosedRange<Int> {
    guard let text else { return 0...max(0, count - 1) }
    let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
    guard (1...2).contains(parts.count), let a = parts.first ?? nil, let b = parts.last ?? nil, a >= 1, a <= b, b <= count else {
      throw ValidationError("--steps must be N or A-B within 1–\(count), not '\(text)'")
    }
    return (a - 1)...(b - 1)
  }
}
