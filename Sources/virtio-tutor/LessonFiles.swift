import Foundation
import TermGrid
import VirtioLessons

/// Finds and reads lesson files: `--lessons DIR`, then `$VIRTIO_TUTOR_LESSONS`, then `Lessons/` in the current
/// directory or beside the executable and its ancestors (see ``LessonSearchPath``). The only code that reads them.
enum LessonFiles {
  /// The lessons directory to use, or an error message naming what was tried.
  static func directory(option: String?) throws -> String {
    let environment = ProcessEnvironment.values([LessonSearchPath.environmentVariable])
    if let explicit = LessonSearchPath.explicit(option: option, environment: environment) {
      guard isDirectory(explicit) else { throw CLIError("lessons directory '\(explicit)' does not exist") }
      return explicit
    }
    // The first candidate, checked before the executable's path is looked up (LessonSearchPath's order).
    let here = FileManager.default.currentDirectoryPath
    if let first = LessonSearchPath.candidates(currentDirectory: here, executablePath: nil).first, isDirectory(first) {
      return first
    }
    let executable = Bundle.main.executablePath.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
    let candidates = LessonSearchPath.candidates(currentDirectory: here, executablePath: executable)
    guard let found = candidates.first(where: isDirectory) else {
      throw CLIError("no Lessons directory found (tried \(candidates.prefix(3).joined(separator: ", ")), …); use --lessons DIR or set \(LessonSearchPath.environmentVariable)")
    }
    return found
  }

  /// Reads every lesson file of `directory`, sorted by name.
  static func read(directory: String) throws -> [(name: String, bytes: [UInt8])] {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter(LessonLoader.isLessonFileName).sorted()
    return try names.map { name in
      let path = (directory as NSString).appendingPathComponent(name)
      return (path, try bytes(of: path))
    }
  }

  /// Reads one file's bytes.
  static func bytes(of path: String) throws -> [UInt8] {
    guard let bytes = FileBytes.read(path) else { throw CLIError("cannot read '\(path)'") }
    return bytes
  }

  /// Loads the catalog from the resolved directory.
  /// - Parameter deferringBodies: the tutor's start-up: heads through the cache (``LessonHeadStore``), each
  ///   lesson's body read and parsed when it is opened.
  static func load(option: String?, deferringBodies: Bool = false) throws -> LessonLoader.Result {
    let directory = try directory(option: option)
    if deferringBodies { return try LessonHeadStore.load(directory: directory) }
    return LessonLoader.load(try read(directory: directory))
  }

  static func isDirectory(_ path: String) -> Bool {
    var isDir: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
  }
}

/// A command-line error with a one-line message (exit status 1).
struct CLIError: Error, CustomStringConvertible {
  let description: String
  init(_ message: String) { description = message }
}

/// Writes a line to standard error, made terminal-safe (``TextSanitizer/terminalSafeString(_:)``): messages echo
/// file names, arguments and decoded lesson text.
func printError(_ line: String) {
  FileHandle.standardError.write(Data((TextSanitizer.terminalSafeString(line) + "\n").utf8))
}

/// Writes text to standard output, made terminal-safe: every path that prints lesson text, file names or arguments
/// goes through here (JSON goes through ``printJSON(_:)``).
func printSafe(_ text: String) {
  print(TextSanitizer.terminalSafeString(text))
}

/// Writes a JSON document to standard output with control and bidi characters as `\uXXXX` escapes.
func printJSON(_ json: String) {
  print(TextSanitizer.jsonEscapingHazards(json))
}
