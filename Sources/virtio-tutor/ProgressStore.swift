import Foundation
import TutorUI

/// Reads and writes the learner's progress in `$XDG_STATE_HOME/virtio-tutor/progress.json` (default
/// `~/.local/state`), atomically (write a temporary file, then rename). A corrupt or unreadable file gives a
/// one-line warning and a fresh start; the bad file is kept aside as `progress.json.corrupt-1` (the newest; older
/// ones move up to `corrupt-10`, the oldest beyond is dropped, so a new bad file is never the one lost). A file over
/// ``maximumFileSize`` is corrupt without being read. Temporary files a killed save left behind are removed.
struct ProgressStore {
  /// The directory holding the progress file, as a path (`URL.path` is not on the start-up path: FileBytes.swift).
  let path: String

  init(path: String) { self.path = path }
  init(directory: URL) { self.path = directory.path }

  /// The directory holding the progress file.
  var directory: URL { URL(fileURLWithPath: path) }

  /// The largest progress file read (a real one is a few KiB).
  static let maximumFileSize = 1 << 20
  /// How many corrupt files are kept aside.
  static let keptCorruptFiles = 10
  static let temporaryPrefix = "progress.json.tmp-"

  /// The store for this environment (`XDG_STATE_HOME` only if absolute, as the XDG spec says).
  static func standard(environment: [String: String] = ProcessEnvironment.values(["XDG_STATE_HOME", "HOME"])) -> ProgressStore {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
      return ProgressStore(path: (state as NSString).appendingPathComponent("virtio-tutor"))
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return ProgressStore(path: (home as NSString).appendingPathComponent(".local/state/virtio-tutor"))
  }

  // Paths joined as strings: `URL.appendingPathComponent` builds a `Set<UInt8>` at its first use, whose metadata
  // the Swift runtime looks up through every conformance in the binary (0.4 M instructions of the start-up).
  var file: URL { URL(fileURLWithPath: filePath) }
  /// ``file`` as a path.
  var filePath: String { (path as NSString).appendingPathComponent("progress.json") }

  /// Loads the progress; returns a warning line when the file was unusable (and set aside).
  func load() -> (LearnerProgress, warning: String?) {
    removeStrayTemporaries()
    let filePath = self.filePath
    var info = stat()
    guard stat(filePath, &info) == 0 else { return (LearnerProgress(), nil) }
    do {
      let size = Int(info.st_size)
      guard size <= Self.maximumFileSize else { throw CLIError("progress file is \(size) bytes") }
      guard let bytes = FileBytes.read(filePath) else { throw CLIError("cannot read '\(filePath)'") }
      return (try JSONDecoder().decode(LearnerProgress.self, from: Data(bytes)), nil)
    } catch {
      let aside = setAside()
      return (LearnerProgress(), "progress file \(filePath) is unreadable; starting fresh" + (aside.map { " (kept as \($0))" } ?? ""))
    }
  }

  /// Saves atomically; returns an error message instead of throwing so the tutor never dies on a full disk.
  @discardableResult
  func save(_ progress: LearnerProgress) -> String? {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      // Write a temporary file of our own name, then rename it over the file (atomic on POSIX), so a save killed
      // half-way leaves a temporary that the next load removes, never a half-written progress file.
      let temporary = directory.appendingPathComponent(Self.temporaryPrefix + String(getpid()))
      try encoder.encode(progress).write(to: temporary)
      guard rename(temporary.path, file.path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw CLIError(reason)
      }
      return nil
    } catch {
      return "cannot save progress to \(file.path): \(error.localizedDescription)"
    }
  }

  /// Removes the progress file (the `--reset-progress` flag).
  func reset() throws {
    if FileManager.default.fileExists(atPath: file.path) { try FileManager.default.removeItem(at: file) }
  }

  private func corrupt(_ n: Int) -> URL { directory.appendingPathComponent("progress.json.corrupt-\(n)") }

  /// Moves the bad file to `corrupt-1` after shifting the older ones up (the oldest past the limit is dropped).
  private func setAside() -> String? {
    let fm = FileManager.default
    try? fm.removeItem(at: corrupt(Self.keptCorruptFiles))
    for n in stride(from: Self.keptCorruptFiles - 1, through: 1, by: -1) where fm.fileExists(atPath: corrupt(n).path) {
      try? fm.moveItem(at: corrupt(n), to: corrupt(n + 1))
    }
    return (try? fm.moveItem(at: file, to: corrupt(1))) != nil ? corrupt(1).lastPathComponent : nil
  }

  /// Removes `progress.json.tmp-PID` files whose process is gone (a save killed before its rename).
  private func removeStrayTemporaries() {
    guard let names = FileBytes.names(in: path, prefix: Self.temporaryPrefix) else { return }
    for name in names {
      if let pid = Int32(name.dropFirst(Self.temporaryPrefix.count)), pid != getpid(), kill(pid, 0) == 0 { continue }
      try? FileManager.default.removeItem(atPath: (path as NSString).appendingPathComponent(name))
    }
  }
}
