import Glibc

/// A child process started with `posix_spawn` (QEMU): output to a log file, killed by pid on every exit path.
///
/// When `setpriv` is available the child runs under `setpriv --pdeathsig KILL`, so it dies with us even if we
/// crash; ``terminate(grace:)`` sends SIGTERM, waits, then SIGKILL, and reaps the pid.
public final class ChildProcess: @unchecked Sendable {
  /// The process id.
  public let pid: pid_t
  /// The argument vector it was started with (after any `setpriv` prefix).
  public let arguments: [String]
  /// The exit status once reaped.
  public private(set) var exitStatus: Int32?

  /// Starts `arguments[0]` (searched on PATH) with stdin from /dev/null (unless `stdinFD` is given) and stdout and
  /// stderr appended to `logPath`.
  /// `dieWithParent: false` leaves out `setpriv --pdeathsig` (for the cleanup reaper, which must outlive us).
  public init(_ arguments: [String], logPath: String, stdinFD: Int32? = nil, dieWithParent: Bool = true) throws(VhostUserError) {
    precondition(!arguments.isEmpty)
    var argv = arguments
    if dieWithParent && access("/usr/bin/setpriv", X_OK) == 0 { argv = ["/usr/bin/setpriv", "--pdeathsig", "KILL", "--"] + argv }
    self.arguments = arguments
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let stdinFD {
      posix_spawn_file_actions_adddup2(&actions, stdinFD, 0)
    } else {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    }
    posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for s in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, s) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { cArgs.forEach { free($0) } }
    var child: pid_t = 0
    let result = posix_spawnp(&child, argv[0], &actions, &attributes, &cArgs, environ)
    guard result == 0 else {
      throw VhostUserError(.system, "cannot start \(arguments[0]): \(String(cString: strerror(result)))")
    }
    pid = child
  }

  deinit { terminate(grace: 0) }

  /// Whether the process is still running (reaps it when it has exited).
  public var isRunning: Bool {
    guard exitStatus == nil else { return false }
    var status: Int32 = 0
    var r = waitpid(pid, &status, WNOHANG)
    while r < 0 && errno == EINTR { r = waitpid(pid, &status, WNOHANG) }
    if r == pid { exitStatus = status; return false }
    // ECHILD: someone else reaped it, so its status is unknown (-1, never a made-up 0).
    if r < 0 { exitStatus = -1; return false }
    return true
  }

  /// How the process ended, for error lines: "exit code 1", "killed by signal 15", or why it is not known.
  public var exitDescription: String {
    guard let status = exitStatus else { return "still running" }
    if status < 0 { return "status unknown: reaped elsewhere" }
    if status & 0x7f == 0 { return "exit code \((status >> 8) & 0xff)" }
    return "killed by signal \(status & 0x7f)"
  }

  /// Waits up to `seconds` for the process to exit by itself; returns whether it did.
  @discardableResult public func wait(seconds: Double) -> Bool {
    let deadline = Monotonic.now + seconds
    while isRunning {
      if Monotonic.now >= deadline { return false }
      usleep(10_000)
    }
    return true
  }

  /// SIGTERM, up to `grace` seconds, then SIGKILL; always reaps the pid.
  public func terminate(grace: Double = 2) {
    guard isRunning else { return }
    kill(pid, SIGTERM)
    if wait(seconds: grace) { return }
    kill(pid, SIGKILL)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    exitStatus = status
  }
}

/// Monotonic seconds (for deadlines and the benchmark; never asserted on in tests).
public enum Monotonic {
  public static var now: Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }
}
