import ArgumentParser
import Foundation
import TutorUI
import VirtioLessons

/// `virtio-tutor sandbox`: an empty queue and the command line, nothing else.
struct SandboxCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sandbox", abstract: "A queue of your own: type script commands and watch the ring react.")

  @Option(parsing: .unconditional, help: "Queue size (a power of two, 1…32768).")
  var size: Int = 8

  @Option(help: "Ring format: split or packed.")
  var format: String = "split"

  @OptionGroup var display: DisplayOptions

  mutating func run() throws {
    guard format == "split" || format == "packed" else {
      throw ValidationError("unknown ring format '\(format)'; choose split or packed")
    }
    guard size >= 1, size <= 32_768, size & (size - 1) == 0 else {
      throw ValidationError("--size must be a power of two from 1 to 32768, not \(size)")
    }
    var state = TutorState(
      lessons: [SandboxLesson.make(size: size, packed: format == "packed")], theme: try display.resolvedTheme(), capabilities: display.requestedCapabilities)
    state.openSandboxNow()
    // The sandbox keeps no progress of its own: a throwaway store in a temporary directory.
    let store = ProgressStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("virtio-tutor-sandbox-\(getpid())"))
    defer { try? FileManager.default.removeItem(at: store.directory) }
    try LearnCommand.present(&state, store: store, requested: display.requestedCapabilities)
  }
}

/// Writes a sandbox's `:save FILE`; the returned line goes to the status line.
enum SandboxFiles {
  static func write(path: String, contents: String) -> String {
    do {
      try OutputFile.write(Array(contents.utf8), to: path)
      let lines = contents.split(separator: "\n").count
      return "saved \(path) (\(lines) lines): virtio-tutor trace \(path) replays it"
    } catch {
      return "cannot save \(path): \(error)"
    }
  }
}
