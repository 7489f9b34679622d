import Foundation
import TutorUI
#if canImport(Glibc)
  import Glibc
#endif

/// The `notes` side of the socket: reads the presenter's JSON lines without blocking and keeps the last complete
/// state. A line longer than ``maximumLine`` (no presenter sends one) ends the connection.
final class NotesFollower {
  static let maximumLine = 1 << 20

  private(set) var fd: Int32
  private var buffer: [UInt8] = []
  /// Whether the presenter closed the connection (or sent something unusable).
  private(set) var closed = false

  init?(path: String) {
    guard let fd = NotesSocket.connect(path) else { return nil }
    self.fd = fd
  }

  deinit { close() }

  func close() {
    if fd >= 0 { _ = Glibc.close(fd) }
    fd = -1
    closed = true
  }

  /// Waits up to `timeoutMilliseconds` (-1: forever) for data, then returns the states that arrived (oldest first).
  func read(timeoutMilliseconds: Int32 = 0) -> [PresenterState] {
    guard fd >= 0 else { return [] }
    var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    guard poll(&waiting, 1, timeoutMilliseconds) > 0 else { return [] }
    var states: [PresenterState] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        close()
        break
      }
      guard n > 0 else { break }
      buffer += chunk[..<n]
      while let newline = buffer.firstIndex(of: 0x0A) {
        if let state = PresenterMessage.decode(buffer[..<newline]) { states.append(state) }
        buffer.removeSubrange(...newline)
      }
      if buffer.count > Self.maximumLine {
        close()
        break
      }
    }
    return states
  }
}
