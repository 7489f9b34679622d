import Foundation
import VirtioHost

/// Where the guest's files are: the image in `$XDG_CACHE_HOME/virtio-tutor/guest` (default `~/.cache/…`), run
/// directories under `$XDG_RUNTIME_DIR` (default `/tmp`), and `guest/setup.sh` beside the sources or the binary.
enum GuestPaths {
  static var environment: [String: String] { ProcessInfo.processInfo.environment }

  /// The image directory (XDG variables count only when absolute, as the spec says).
  static var imageDirectory: String {
    if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/virtio-tutor/guest" }
    return NSHomeDirectory() + "/.cache/virtio-tutor/guest"
  }

  static var image: GuestImage { GuestImage(directory: imageDirectory) }

  /// The parent of run directories: `$XDG_RUNTIME_DIR` when it is an absolute, existing directory, else `/tmp`.
  static var runtimeDirectory: String {
    if let run = environment["XDG_RUNTIME_DIR"], run.hasPrefix("/"), LessonFiles.isDirectory(run) { return run }
    return NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
  }

  /// `guest/setup.sh` in the current directory or beside the executable or one of its ancestors.
  static func setupScript() throws -> String {
    var candidates = [FileManager.default.currentDirectoryPath + "/guest/setup.sh"]
    if let executable = Bundle.main.executablePath {
      var url = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
      while url.path != "/" {
        candidates.append(url.path + "/guest/setup.sh")
        url.deleteLastPathComponent()
      }
    }
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
      throw CLIError("guest/setup.sh not found (tried \(candidates.prefix(2).joined(separator: ", ")), …): run from the virtio-tutor checkout")
    }
    return found
  }

  /// The image, or a one-line error saying how to set it up.
  static func readyImage() throws -> GuestImage {
    guard GuestImage.qemuBinary() != nil else {
      throw CLIError("QEMU is not installed (qemu-system-x86_64 not on PATH): run `virtio-tutor guest setup`")
    }
    if let problem = image.problem { throw CLIError(problem) }
    return image
  }
}
