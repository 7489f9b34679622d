import Foundation
#if canImport(Glibc)
  import Glibc
#endif

/// A file the user named for output (`trace --dump-memory`, `guest --record`, the sandbox's `:save`), written whole
/// or not at all: the bytes go to a temporary file beside it, which is renamed over the target once complete.
/// A failure is the system's own reason (`No such file or directory`, `Permission denied`, `No space left on
/// device`), never Foundation's "The operation could not be completed".
enum OutputFile {
  /// Writes `bytes` to `path`; the error is the reason alone (the caller says what it was writing).
  static func write(_ bytes: [UInt8], to path: String) throws(CLIError) {
    let temporary = "\(path).\(getpid()).tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw reason() }
    var failure: CLIError?
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          failure = reason()
          return
        }
        offset += n
      }
    }
    if failure == nil, fsync(fd) != 0 { failure = reason() }
    if close(fd) != 0, failure == nil { failure = reason() }
    if failure == nil, rename(temporary, path) != 0 { failure = reason() }
    if let failure {
      unlink(temporary)
      throw failure
    }
  }

  private static func reason() -> CLIError { CLIError(String(cString: strerror(errno))) }
}
