import Glibc

/// A tiny `/bin/sh` that outlives a crash of ours: it waits on a pipe only we hold the write end of, and when that
/// end closes without ``disarm()`` (we died: a crash, SIGKILL, anything) it kills QEMU by pid and removes the run
/// directory and the RAM file. It ignores SIGHUP, SIGINT and SIGTERM, so the terminal's hangup does not take it
/// down with us. On a normal exit ``disarm()`` kills it first.
final class CleanupReaper: @unchecked Sendable {
  private var process: ChildProcess?
  private var writeEnd: Int32 = -1

  /// Starts the reaper for QEMU `qemuPID`, the run `directory` and the `ramFile` (if any).
  init(qemuPID: pid_t, directory: String, ramFile: String?) throws(VhostUserError) {
    var fds: [Int32] = [-1, -1]
    // Both ends close-on-exec from the start (a socketpair made with SOCK_CLOEXEC; Glibc's module has no pipe2):
    // sessions may start in parallel threads, and a child spawned by another thread must not inherit our end (the
    // reaper would then never see it close). The reaper gets its end as fd 0 (dup2 clears the flag there) and
    // reads it like a pipe.
    guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
      throw UnixSocket.systemError("socketpair")
    }
    let script = "trap '' HUP INT TERM; read _; kill -9 \"$1\" 2>/dev/null; rm -rf -- \"$2\"; [ -n \"$3\" ] && rm -f -- \"$3\"; exit 0"
    do {
      process = try ChildProcess(
        ["/bin/sh", "-c", script, "virtio-tutor-reaper", String(qemuPID), directory, ramFile ?? ""], logPath: "/dev/null",
        stdinFD: fds[0], dieWithParent: false)
    } catch {
      close(fds[0])
      close(fds[1])
      throw error
    }
    close(fds[0])
    writeEnd = fds[1]
  }

  /// The reaper's pid (for tests and `ps`).
  var pid: pid_t? { process?.pid }

  /// Our cleanup ran: kill the reaper by pid, then close the pipe.
  func disarm() {
    process?.terminate(grace: 0)
    process = nil
    if writeEnd >= 0 { close(writeEnd) }
    writeEnd = -1
  }

  deinit { disarm() }
}
