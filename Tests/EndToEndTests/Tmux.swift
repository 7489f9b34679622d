import Foundation
#if canImport(Glibc)
  import Glibc
#endif

/// A private tmux server driving the real `virtio-tutor` binary, for the few end-to-end checks (keys, resize,
/// quit, signals, terminal restored). Spawns tmux with an empty signal mask (children of Swift Testing inherit a
/// mask that blocks SIGCHLD/SIGTERM: toolchain.md §6–7) and nudges the server with SIGCHLD while waiting for a
/// pane's exit status (the libutempter race, toolchain.md §7).
final class Tmux {
  let socket: String
  let directory: URL

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("vt-e2e-\(getpid())-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    socket = directory.appendingPathComponent("sock").path
  }

  deinit {
    _ = try? run(["kill-server"])
    try? FileManager.default.removeItem(at: directory)
  }

  /// Whether tmux is installed.
  static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

  /// The built binary next to the test bundle.
  static var binary: String? {
    let candidates = [
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("virtio-tutor").path,
      URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent().appendingPathComponent("virtio-tutor").path,
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Runs a tmux command and returns its standard output (read from a file, never a pipe: the server keeps pipes open).
  @discardableResult
  func run(_ arguments: [String]) throws -> String {
    let out = directory.appendingPathComponent("out-\(UUID().uuidString.prefix(6))")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: out) }
    let status = try Self.spawn(["/usr/bin/tmux", "-S", socket, "-f", "/dev/null"] + arguments, stdout: out.path)
    guard status == 0 || arguments.first == "kill-server" else { throw E2EError("tmux \(arguments.first ?? "") exited \(status)") }
    return (try? String(contentsOf: out, encoding: .utf8)) ?? ""
  }

  /// Starts `command` in a detached session of the given size, inside a shell that prints `EXIT=<status>` when
  /// it ends and then keeps the pane alive (a dead pane's cursor flag is not reliable in tmux 3.3). The command runs
  /// under `timeout`, so a test process that dies before its cleanup leaves nothing running for long.
  func start(_ command: String, width: Int = 100, height: Int = 30) throws {
    let wrapped = "sh -c 'timeout --foreground 300 \(command); echo EXIT=$?; sleep 120'"
    try run(["new-session", "-d", "-s", "e2e", "-x", "\(width)", "-y", "\(height)", wrapped])
  }

  func capture() throws -> String { try run(["capture-pane", "-p", "-t", "e2e"]) }
  func keys(_ keys: String...) throws { try run(["send-keys", "-t", "e2e"] + keys) }
  func resize(_ width: Int, _ height: Int) throws { try run(["resize-window", "-t", "e2e", "-x", "\(width)", "-y", "\(height)"]) }
  func display(_ format: String) throws -> String {
    try run(["display-message", "-p", "-t", "e2e", format]).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Polls the pane until `text` appears (or fails after `timeout`).
  @discardableResult
  func waitFor(_ text: String, timeout: Double = 10) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var last = ""
    while Date() < deadline {
      last = try capture()
      if last.contains(text) { return last }
      usleep(50_000)
    }
    throw E2EError("timed out waiting for '\(text)'; screen was:\n\(last)")
  }

  /// Waits for the tutor to exit and returns its status (printed by the wrapping shell).
  func waitForExit(timeout: Double = 10) throws -> Int {
    let screen = try waitFor("EXIT=", timeout: timeout)
    guard let line = screen.split(separator: "\n").first(where: { $0.hasPrefix("EXIT=") }), let status = Int(line.dropFirst(5)) else {
      throw E2EError("no exit status on screen:\n\(screen)")
    }
    return status
  }

  /// The process id of the tutor (the shell's child) in the pane.
  func tutorPID() throws -> pid_t? {
    let shell = try display("#{pane_pid}")
    let children = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
    return children?.split(separator: " ").first.flatMap { pid_t($0) }
  }

  /// posix_spawn with an empty signal mask and default dispositions; waits and returns the exit status.
  static func spawn(_ argv: [String], stdout: String) throws -> Int32 {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for s in [SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, s) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var environment = ProcessInfo.processInfo.environment
    environment["TERM"] = environment["TERM"].flatMap { $0.isEmpty || $0 == "dumb" ? nil : $0 } ?? "xterm-256color"
    let cArgs = argv.map { strdup($0) } + [nil]
    let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (cArgs + cEnv).forEach { free($0) } }
    var pid = pid_t()
    let rc = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
    guard rc == 0 else { throw E2EError("posix_spawn \(argv[0]) failed: \(rc)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status >> 8) & 0xff
  }
}

struct E2EError: Error, CustomStringConvertible {
  let description: String
  init(_ message: String) { description = message }
}
