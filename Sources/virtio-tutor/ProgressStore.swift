import Foundation
import TutorUI

/// Reads and writes the learner's progress in `$XDG_STATE_HOME/virtio-tutor/progress.json` (default
/// `~/.local/state`), atomically (write a temporary file, then rename). A corrupt or unreadable file gives a
/// one-line warning and a fresh start; the bad file is kept aside as `progress.json.corrupt-N`.
struct ProgressStore {
  let directory: URL

  /// The store for this environment (`XDG_STATE_HOME` only if absolute, as the XDG spec says).
  static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressStore {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
      return ProgressStore(directory: URL(fileURLWithPath: state).appendingPathComponent("virtio-tutor"))
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return ProgressStore(directory: URL(fileURLWithPath: home).appendingPathComponent(".local/state/virtio-tutor"))
  }

  var file: URL { directory.appendingPathComponent("progress.json") }

  /// Loads the progress; returns a warning line when the file was unusable (and set aside).
  func load() -> (LearnerProgress, warning: String?) {
    guard FileManager.default.fileExists(atPath: file.path) else { return (LearnerProgress(), nil) }
    do {
      let data = try Data(contentsOf: file)
      return (try JSONDecoder().decode(LearnerProgress.self, from: data), nil)
    } catch {
      let aside = setAside()
      return (LearnerProgress(), "progress file \(file.path) is unreadable; starting fresh" + (aside.map { " (kept as \($0))" } ?? ""))
    }
  }

  /// Saves atomically; returns an error message instead of throwing so the tutor never dies on a full disk.
  @discardableResult
  func save(_ progress: LearnerProgress) -> String? {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try encoder.encode(progress).write(to: file, options: .atomic)
      return nil
    } catch {
      return "cannot save progress to \(file.path): \(error.localizedDescription)"
    }
  }

  /// Removes the progress file (the `--reset-progress` flag).
  func reset() throws {
    if FileManager.default.fileExists(atPath: file.path) { try FileManager.default.removeItem(at: file) }
  }

  private func setAside() -> String? {
    for n in 1...100 {
      let target = directory.appendingPathComponent("progress.json.corrupt-\(n)")
      if FileManager.default.fileExists(atPath: target.path) { continue }
      return (try? FileManager.default.moveItem(at: file, to: target)) != nil ? target.lastPathComponent : nil
    }
    return nil
  }
}
