import ArgumentParser
import Foundation
import TutorUI
import VirtioLessons

/// `virtio-tutor lessons`: list the lessons; `lessons dump FILE`: show how a lesson parses.
struct LessonsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lessons", abstract: "List the lessons (id, title, steps, minutes).",
    subcommands: [ListLessons.self, DumpLesson.self], defaultSubcommand: ListLessons.self)
}

/// The lesson list.
struct ListLessons: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List the lessons.")

  @Option(help: "Directory of lesson files (default: $VIRTIO_TUTOR_LESSONS, then ./Lessons, then beside the binary).")
  var lessons: String?

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  mutating func run() throws {
    let result = try LessonFiles.load(option: lessons)
    for diagnostic in result.diagnostics { printError(diagnostic.description) }
    let list = result.catalog.lessons
    switch format {
    case .json:
      printJSON(TraceJSON.serialize(["lessons": list.enumerated().map { i, l in
        ["index": i + 1, "id": l.id, "title": l.meta.title, "steps": l.steps.count, "minutes": l.meta.minutes ?? NSNull(),
         "summary": l.meta.summary ?? NSNull(), "file": l.file] as [String: Any]
      }]))
    case .text:
      let idWidth = max(2, list.map(\.id.count).max() ?? 2)
      for (i, l) in list.enumerated() {
        let minutes = l.meta.minutes.map { "\($0) min" } ?? ""
        printSafe("\(String(i + 1).leftPadded(2))  \(l.id.rightPadded(idWidth))  \(String(l.steps.count).leftPadded(2)) steps  \(minutes.leftPadded(6))  \(l.meta.title)")
      }
    }
    if result.hasErrors { throw ExitCode(1) }
  }
}

/// The parsed form of one lesson, for authors.
struct DumpLesson: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "dump", abstract: "Show a lesson's parsed steps and blocks.")

  @Argument(help: "The lesson file.")
  var file: String

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  mutating func run() throws {
    let (lesson, diagnostics) = LessonParser.parse(bytes: try LessonFiles.bytes(of: file), file: file)
    for diagnostic in diagnostics { printError(diagnostic.description) }
    guard let lesson else { throw ExitCode(1) }
    switch format {
    case .text: printSafe(LessonDump.text(lesson))
    case .json: printJSON(TraceJSON.serialize(LessonDump.json(lesson)))
    }
    if diagnostics.contains(where: \.isError) { throw ExitCode(1) }
  }
}

extension String {
  func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
  func rightPadded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
