import Foundation

/// Launches a program on a fresh pseudo-terminal (80×24 unless told) and times how long it takes until the
/// terminal has received a given text: "launch to the first frame's bytes", measured the same way for any
/// program (the tutor and `mdp` alike), from outside, with no help from the program.
///
/// The clock starts just before `posix_spawn` and stops when the bytes read from the pty's master side contain
/// `marker`; the child is then sent SIGTERM (SIGKILL after 2 s) and reaped by pid.
struct PtyLaunch {
  var arguments: [String]
  var environment: [String: String]
  var columns: UInt16 = 80
  var rows: UInt16 = 24

  /// What one launch measured.
  struct Result {
    /// Milliseconds from just before the spawn to the marker's arrival.
    var milliseconds: Double
    /// Bytes the terminal had received by then.
    var bytes: Int
  }

  /// glibc's `POSIX_SPAWN_SETSID` (not exported to Swift): the child starts a session, so the pty becomes its
  /// controlling terminal as it would in a terminal emulator.
  private static let spawnSetSID: Int16 = 0x80

  /// Runs the program once; nil when the marker never arrived within `timeout` seconds or the spawn failed.
  func firstFrame(marker: String, timeout: Double = 10) -> Result? {
    var master: Int32 = -1
    var slave: Int32 = -1
    var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    guard openpty(&master, &slave, nil, nil, &size) == 0 else { return nil }
    defer { close(master) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd in Int32(0)...2 { posix_spawn_file_actions_adddup2(&actions, slave, fd) }
    posix_spawn_file_actions_addclose(&actions, master)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Self.spawnSetSID)
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    let start = BenchStamp.now()
    guard posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp) == 0 else {
      close(slave)
      return nil
    }
    close(slave)
    defer { Self.stop(pid) }
    return read(master, until: Array(marker.utf8), start: start, timeout: timeout)
  }

  /// Reads the master side until `marker` has arrived (or the child closed the terminal, or time ran out).
  private func read(_ master: Int32, until marker: [UInt8], start: UInt64, timeout: Double) -> Result? {
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    let deadline = start + UInt64(timeout * 1e9)
    while BenchStamp.now() < deadline {
      var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      guard poll(&poller, 1, 100) >= 0 else { return nil }
      guard poller.revents != 0 else { continue }
      let count = Glibc.read(master, &buffer, buffer.count)
      guard count > 0 else { return nil }
      let now = BenchStamp.now()
      let searchFrom = max(0, received.count - marker.count)
      received += buffer[0..<count]
      if Self.contains(received, marker, from: searchFrom) {
        return Result(milliseconds: Double(now - start) / 1e6, bytes: received.count)
      }
    }
    return nil
  }

  private static func contains(_ haystack: [UInt8], _ needle: [UInt8], from: Int) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
    var i = from
    while i + needle.count <= haystack.count {
      if haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle { return true }
      i += 1
    }
    return false
  }

  /// SIGTERM, then SIGKILL if the child is still there after 2 s; always reaped.
  private static func stop(_ pid: pid_t) {
    kill(pid, SIGTERM)
    var status: Int32 = 0
    for _ in 0..<200 {
      if waitpid(pid, &status, WNOHANG) == pid { return }
      usleep(10_000)
    }
    kill(pid, SIGKILL)
    waitpid(pid, &status, 0)
  }
}
