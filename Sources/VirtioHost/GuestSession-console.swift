import Glibc

/// The guest's serial console: connecting to it, typing into it, and waiting for what the guest prints (every wait
/// pumps the back end, ``GuestSession/pump(timeout:watching:)``).
extension GuestSession {
  /// Connects to the serial console socket (pumping meanwhile) and keeps the connection for the session.
  @discardableResult func openConsole(timeout: Double = 10) throws(VhostUserError) -> UnixSocket {
    if let console { return console }
    let deadline = Monotonic.now + timeout
    while true {
      if let s = try? UnixSocket.connect(path: consoleSocket) {
        console = s
        return s
      }
      guard qemu.isRunning else { throw earlyExit(before: "its console could be connected") }
      guard Monotonic.now < deadline else { throw VhostUserError(.system, "cannot connect to the guest console \(consoleSocket)") }
      pump(timeout: 20)
    }
  }

  /// Types `text` on the guest's serial console.
  public func type(_ text: String) throws(VhostUserError) {
    try send(Array(text.utf8))
  }

  /// Sends raw key bytes to the guest's serial console.
  public func send(_ bytes: [UInt8]) throws(VhostUserError) {
    guard let console else { throw VhostUserError(.disconnected, "the guest console is closed") }
    try console.writeAll(bytes)
  }

  /// The console output as text.
  public var serialText: String { String(decoding: serial, as: UTF8.self) }

  /// The console output from byte `offset` on, as text.
  public func consoleText(after offset: Int) -> String {
    String(decoding: serial[min(max(0, offset), serial.count)...], as: UTF8.self)
  }

  /// Pumps until the console shows `marker` (in the output from byte `offset` on); throws when QEMU exits or
  /// `timeout` seconds pass.
  ///
  /// While the back end serves requests each pump returns at once, so the loop does no per-pump work beyond it:
  /// it searches only console bytes that arrived since the last search, and asks whether QEMU is still running
  /// (a `wait4`) only when a pump timed out or at most every 50 ms.
  public func waitForConsole(_ marker: String, after offset: Int = 0, timeout: Double) throws(VhostUserError) {
    let needle = Array(marker.utf8)
    let deadline = Monotonic.now + timeout
    var searched = max(0, offset)
    var nextCheck = 0.0
    while true {
      if serial.count > searched {
        if Self.find(needle, in: serial, from: searched) { return }
        searched = max(searched, serial.count - needle.count + 1)
      }
      let now = Monotonic.now
      if now >= nextCheck {
        guard qemu.isRunning else { throw earlyExit(before: "the console showed \"\(marker)\"") }
        guard now < deadline else {
          throw VhostUserError(.system, "the console did not show \"\(marker)\" within \(Int(timeout)) s")
        }
        nextCheck = now + 0.05
      }
      pump(timeout: 20)
    }
  }

  /// Pumps until `condition` holds (checked before every pump); throws, naming `what`, when QEMU exits or `timeout`
  /// seconds pass. For a wait on the back end's state (a count, a drained ring) rather than on the console.
  public func pump(until what: String, timeout: Double, _ condition: () -> Bool) throws(VhostUserError) {
    let deadline = Monotonic.now + timeout
    while !condition() {
      guard qemu.isRunning else { throw earlyExit(before: what) }
      guard Monotonic.now < deadline else { throw VhostUserError(.system, "not within \(Int(timeout)) s: \(what)") }
      pump(timeout: 20)
    }
  }

  /// Whether `needle` occurs in `haystack` starting at or after `start`.
  static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Bool {
    guard let first = needle.first, haystack.count - start >= needle.count else { return needle.isEmpty }
    var i = start
    let last = haystack.count - needle.count
    while i <= last {
      if haystack[i] == first && haystack[i..<i + needle.count].elementsEqual(needle) { return true }
      i += 1
    }
    return false
  }

  /// Pumps until the console shows a whole line (ended by a newline) containing `marker`, and returns that line
  /// without its line ending. The serial port delivers text in pieces, so a line read as soon as `marker` appears
  /// may still be missing its end; this waits for the end.
  public func waitForConsoleLine(containing marker: String, timeout: Double) throws(VhostUserError) -> String {
    let deadline = Monotonic.now + timeout
    while true {
      if let line = completeLine(containing: marker) { return line }
      guard qemu.isRunning else { throw earlyExit(before: "the console showed a line with \"\(marker)\"") }
      guard Monotonic.now < deadline else {
        throw VhostUserError(.system, "the console did not show a whole line with \"\(marker)\" within \(Int(timeout)) s")
      }
      pump(timeout: 20)
    }
  }

  /// The first newline-terminated console line containing `marker`, without its line ending.
  private func completeLine(containing marker: String) -> String? {
    let text = serialText
    guard let hit = text.range(of: marker) else { return nil }
    guard let end = text[hit.upperBound...].firstIndex(where: \.isNewline) else { return nil }
    let start = text[..<hit.lowerBound].lastIndex(where: \.isNewline).map { text.index(after: $0) } ?? text.startIndex
    return String(text[start..<end])
  }

  /// The last lines QEMU printed on its stdout and stderr (its log file's last 4 KiB), for error lines.
  public var qemuLogTail: String {
    let fd = open(qemuLog, O_RDONLY)
    guard fd >= 0 else { return "" }
    defer { close(fd) }
    let size = lseek(fd, 0, SEEK_END)
    guard size > 0, lseek(fd, max(0, size - 4096), SEEK_SET) >= 0 else { return "" }
    var chunk = [UInt8](repeating: 0, count: 4096)
    let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
    var tail = ConsoleTail(lines: 5)
    if n > 0 { tail.append(chunk[0..<n]) }
    return tail.summary(empty: "")
  }

  /// The error for QEMU having exited before `what`: how it ended, the last lines it printed and the last lines
  /// of the guest's console, so that the learner sees why (a bad option, a missing file, a kernel panic).
  func earlyExit(before what: String) -> VhostUserError {
    let log = qemuLogTail
    return VhostUserError(
      .system,
      "QEMU exited (\(qemu.exitDescription)) before \(what); QEMU printed: \(log.isEmpty ? "(nothing)" : log); the guest console's last lines: \(consoleTail.summary())")
  }
}
