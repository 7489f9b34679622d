import Foundation
import Testing

/// A few end-to-end checks on the real binary in tmux: start, navigate, help overlay, resize smaller and larger,
/// quit, SIGTERM; afterwards the terminal must be restored (alternate screen left, cursor visible).
@Suite(.serialized, .enabled(if: Tmux.isAvailable && Tmux.binary != nil))
struct TutorEndToEndTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let lessons = root.appendingPathComponent("Tests/VirtioLessonsTests/Fixtures/good").path

  func command(_ state: URL, extra: String = "") -> String {
    "env XDG_STATE_HOME=\(state.path) XDG_CACHE_HOME=\(state.path)/cache LANG=C.UTF-8 \(Tmux.binary!) learn --lessons \(Self.lessons) \(extra)"
  }

  @Test func navigateHelpResizeAndQuit() throws {
    let tmux = try Tmux()
    try tmux.start(command(tmux.directory), width: 80, height: 24)
    try tmux.waitFor("Step 1/4: Split virtqueues")
    try tmux.keys("Space")
    try tmux.waitFor("Step 2/4: The driver offers a buffer")
    try tmux.waitFor("avail.idx 0 → 1")  // the step's animation reaches its last events
    try tmux.keys("?")
    try tmux.waitFor("Esc or ? closes this help")
    try tmux.keys("Escape")
    let back = try tmux.waitFor("[✓] descriptor written")
    #expect(!back.contains("closes this help"))
    try tmux.keys("F5")  // a clicker's start/stop button must not quit
    try tmux.resize(60, 20)
    try tmux.waitFor("too small: need 80×24, have 60×20")
    try tmux.resize(100, 30)
    try tmux.waitFor("Step 2/4: The driver offers a buffer")
    #expect(try tmux.display("#{pane_dead}") == "0")
    try tmux.keys("q")
    #expect(try tmux.waitForExit() == 0)
    #expect(try tmux.display("#{alternate_on} #{cursor_flag}") == "0 1")
    let saved = try String(contentsOf: tmux.directory.appendingPathComponent("virtio-tutor/progress.json"), encoding: .utf8)
    #expect(saved.contains("\"split-ring\" : 1"))
  }

  @Test(arguments: [(SIGTERM, 143), (SIGHUP, 129), (SIGINT, 130), (SIGQUIT, 131)])
  func signalsRestoreTheTerminalAndExitWith128PlusSignal(signal: Int32, status: Int) throws {
    let tmux = try Tmux()
    try tmux.start(command(tmux.directory, extra: "--step 3"), width: 80, height: 24)
    try tmux.waitFor("Step 3/4")
    // (Ctrl-C in the pane would also kill the wrapping shell that reports the status, so SIGINT is sent directly.)
    kill(try #require(try tmux.tutorPID()), signal)
    #expect(try tmux.waitForExit() == status)
    #expect(try tmux.display("#{alternate_on} #{cursor_flag}") == "0 1")
  }

  @Test func withoutATerminalItPrintsPlainText() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Tmux.binary!)
    process.arguments = ["learn", "--lessons", Self.lessons]
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_STATE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("vt-plain-\(getpid())").path
    environment["XDG_CACHE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("vt-plain-\(getpid())").path + "/cache"
    process.environment = environment
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("vt-plain-out-\(getpid())")
    let err = FileManager.default.temporaryDirectory.appendingPathComponent("vt-plain-err-\(getpid())")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    let text = try String(contentsOf: out, encoding: .utf8)
    let message = try String(contentsOf: err, encoding: .utf8)
    #expect(process.terminationStatus == 0)
    #expect(message.contains("printing the lesson as plain text"))
    #expect(message.split(separator: "\n").count == 1)
    #expect(text.contains("Step 2 of 4: The driver offers a buffer."))
    #expect(text.contains("The driver writes desc[0].len = 64."))
    #expect(!text.contains("\u{1B}"))
  }
}
