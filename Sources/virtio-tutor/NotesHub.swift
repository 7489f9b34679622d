import Foundation
import TutorUI
#if canImport(Glibc)
  import Glibc
#endif

/// The presenter's side of `notes`: a listening unix socket and its followers. ``publish(_:)`` and ``service()``
/// never block: every socket is non-blocking; each follower has at most one message being written (`pending`) and
/// one waiting (`waiting`, replaced by a newer state: coalesced to the latest), so a follower that never reads holds
/// at most two messages here however often the presenter moves, and the extra states are counted as dropped.
final class NotesHub {
  /// One connected `notes` process.
  struct Follower {
    var fd: Int32
    /// The unsent rest of the message being written.
    var pending: [UInt8] = []
    /// The next message, when the pending one is not done.
    var waiting: [UInt8]?
    /// States replaced before they could be sent.
    var dropped = 0
    /// Bytes the kernel accepted.
    var sent = 0
    /// Bytes held here for this follower.
    var queued: Int { pending.count + (waiting?.count ?? 0) }
  }

  /// The most followers served at once (more are closed at once).
  static let maximumFollowers = 16

  let path: String
  private(set) var listener: Int32
  private(set) var followers: [Follower] = []
  /// The latest message, sent to a follower when it connects.
  private(set) var latest: [UInt8]?
  private var sequence = 0

  init(path: String) throws {
    self.path = path
    listener = try NotesSocket.listen(path)
  }

  deinit { close() }

  /// Stops publishing: closes every socket and removes the socket file.
  func close() {
    for f in followers { _ = Glibc.close(f.fd) }
    followers = []
    if listener >= 0 {
      _ = Glibc.close(listener)
      unlink(path)
    }
    listener = -1
  }

  /// Queues `state` (numbered) for every follower and writes what each socket takes now.
  func publish(_ state: PresenterMessage) {
    sequence += 1
    let message = state.encoded(sequence: sequence)
    latest = message
    for i in followers.indices { enqueue(message, for: i) }
    flushAll()
  }

  /// Accepts new followers (each gets the latest state) and writes what the sockets take.
  func service() {
    guard listener >= 0 else { return }
    while true {
      let fd = accept(listener, nil, nil)
      guard fd >= 0 else { break }
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
      guard followers.count < Self.maximumFollowers else {
        _ = Glibc.close(fd)
        continue
      }
      followers.append(Follower(fd: fd))
      if let latest { enqueue(latest, for: followers.count - 1) }
    }
    flushAll()
  }

  private func enqueue(_ message: [UInt8], for i: Int) {
    if followers[i].pending.isEmpty {
      followers[i].pending = message
    } else {
      if followers[i].waiting != nil { followers[i].dropped += 1 }
      followers[i].waiting = message
    }
  }

  private func flushAll() {
    var gone: [Int] = []
    for i in followers.indices where !flush(i) { gone.append(i) }
    for i in gone.reversed() {
      _ = Glibc.close(followers[i].fd)
      followers.remove(at: i)
    }
  }

  /// Writes as much as the socket takes; false when the follower hung up.
  private func flush(_ i: Int) -> Bool {
    while !followers[i].pending.isEmpty {
      let n = followers[i].pending.withUnsafeBytes { send(followers[i].fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if n < 0 { return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR }
      followers[i].sent += n
      followers[i].pending.removeFirst(n)
      if followers[i].pending.isEmpty, let next = followers[i].waiting {
        followers[i].pending = next
        followers[i].waiting = nil
      }
    }
    return true
  }
}

/// A ``PresenterState`` on the wire: one line of JSON.
struct PresenterMessage {
  var state: PresenterState

  func encoded(sequence: Int) -> [UInt8] {
    var numbered = state
    numbered.sequence = sequence
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return Array((try? encoder.encode(numbered)) ?? Data()) + [0x0A]
  }

  /// Decodes one line; nil when it is not a presenter state.
  static func decode(_ line: some Collection<UInt8>) -> PresenterState? {
    try? JSONDecoder().decode(PresenterState.self, from: Data(line))
  }
}
