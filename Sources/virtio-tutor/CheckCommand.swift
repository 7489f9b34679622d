import ArgumentParser
import Foundation
import TutorUI
import VirtioLessons

/// `virtio-tutor check [PATH ...]`: validate lessons as the tutor would run and show them.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check lessons: front matter, directives, scripts (run them), exercises, fit at 80×24, unsafe text.",
    discussion: "Prints every problem as file:line:col: error|warning: message. Exit status 1 if any error.")

  @Argument(help: "Lesson files or directories (default: the lessons directory).")
  var paths: [String] = []

  @Option(help: "Directory of lesson files used when no PATH is given.")
  var lessons: String?

  mutating func run() throws {
    let files = try collectFiles()
    var checker = LessonChecker(evaluator: EngineScriptEvaluator(), stepFits: StepFitCheck.diagnostic)
    var diagnostics: [LessonDiagnostic] = []
    var parsed: [Lesson] = []
    for file in files {
      let bytes = try LessonFiles.bytes(of: file)
      diagnostics += checker.check(bytes: bytes, file: file)
      if let lesson = LessonParser.parse(bytes: bytes, file: file).0 { parsed.append(lesson) }
    }
    diagnostics += LessonCatalog.make(lessons: parsed).1
    for d in diagnostics { printSafe(d.description) }
    fflush(nil)  // every stream: the summary on stderr must follow the diagnostics on stdout
    let errors = diagnostics.filter(\.isError).count
    let warnings = diagnostics.count - errors
    printError("\(files.count) file(s) checked: \(errors) error(s), \(warnings) warning(s)")
    if errors > 0 { throw ExitCode(1) }
  }

  func collectFiles() throws -> [String] {
    let roots = paths.isEmpty ? [try LessonFiles.directory(option: lessons)] : paths
    var files: [String] = []
    for root in roots {
      if LessonFiles.isDirectory(root) {
        let found = try LessonFiles.read(directory: root).map(\.name)
        guard !found.isEmpty else { throw CLIError("no lesson files (*.md) in '\(root)'") }
        files += found
      } else if FileManager.default.fileExists(atPath: root) {
        files.append(root)
      } else {
        throw CLIError("no such file or directory: \(root)")
      }
    }
    return files
  }
}
