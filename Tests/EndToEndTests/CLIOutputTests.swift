import Foundation
import Testing

/// The real binary's messages and exit statuses for bad invocations and hostile lessons: nothing that drives the
/// terminal is echoed, every failure has its own status.
@Suite(.enabled(if: Tmux.binary != nil))
struct CLIOutputTests {
  struct Result {
    var status: Int32
    var out: String
    var err: String
  }

  func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Tmux.binary!)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
    environment["XDG_STATE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("vt-cli-\(getpid())").path
    environment["XDG_CACHE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("vt-cli-\(getpid())").path + "/cache"
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
  }

  func hasNoHazard(_ text: String) -> Bool {
    !text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) }
  }

  @Test func argumentsAreNotEchoedRaw() throws {
    let r = try run(["learn", "\u{1B}[2J\u{202E}x", "--lessons", TutorEndToEndTests.lessons])
    #expect(r.status != 0)
    #expect(r.err.contains("\u{FFFD}[2J\u{FFFD}x"))
    #expect(hasNoHazard(r.out + r.err))
  }

  @Test func helpForAnUnknownCommandFails() throws {
    let r = try run(["help", "nope"])
    #expect(r.status == 64)
    #expect(r.err.hasPrefix("Error: no command 'nope'; commands: learn, render, lessons, check, "))
    #expect(r.err.split(separator: "\n").count == 1)
    #expect(try run(["help", "trace"]).status == 0)
  }

  @Test func checkOnADirectoryWithoutLessonsFails() throws {
    let empty = FileManager.default.temporaryDirectory.appendingPathComponent("vt-empty-\(getpid())")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: empty) }
    let r = try run(["check", empty.path])
    #expect(r.status == 1)
    #expect(r.err == "Error: no lesson files (*.md) in '\(empty.path)'\n")
  }

  @Test func aFailedMemoryDumpIsOneLineWithItsOwnStatus() throws {
    let script = FileManager.default.temporaryDirectory.appendingPathComponent("vt-dump-\(getpid()).virtio")
    try "queue size=8\ndriver add out=4\n".write(to: script, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: script) }
    let r = try run(["trace", script.path, "--dump-memory", "/nonexistent-dir/m.bin"])
    #expect(r.status == 4)
    #expect(r.err == "cannot write the memory dump to '/nonexistent-dir/m.bin': No such file or directory\n")
  }

  @Test func negativeNumbersAreParsedAndRejected() throws {
    let r = try run(["trace", "--flow", "virtio", "--packets", "-3"])
    #expect(r.status == 64)
    #expect(r.err.hasPrefix("Error: packets must be at least 1 (got -3)"))
  }

  /// Every numeric option takes a negative number as its value and rejects it with its own message, never
  /// ArgumentParser's "Missing value" (which read `-1` as an unknown short flag).
  @Test(arguments: [
    (["render", "1", "--step", "-1"], "lesson 'split-ring' has steps 1–4; there is no step -1"),
    (["learn", "1", "--step", "-1"], "lesson 'split-ring' has steps 1–4; there is no step -1"),
    (["render", "1", "--width", "-5"], "width and height must be 1…1000"),
    (["render", "1", "--event", "-2"], "--event counts the step's events from 0, not -2"),
    (["record", "1", "--height", "-24", "-o", "/dev/null"], "width and height must be at least 80×24"),
    (["sandbox", "--size", "-8"], "--size must be a power of two from 1 to 32768, not -8"),
    (["trace", "--flow", "emulated", "--mmio-width", "-4", "--variant", "mmio"], "mmio-width must be 1, 2, 4 or 8 bytes"),
  ])
  func negativeOptionValuesGetTheirOwnError(arguments: [String], message: String) throws {
    let r = try run(arguments + ["--lessons", TutorEndToEndTests.lessons].filter { _ in arguments[0] != "trace" && arguments[0] != "sandbox" })
    #expect(r.status != 0)
    #expect(r.err.contains(message), "\(r.err)")
    #expect(!r.err.contains("Missing value"), "\(r.err)")
  }

  /// `render --answered` prints exactly the answered screen the TUI test pins (`AnsweredRenderTests`' golden of
  /// lesson 11 step 11 at 80×24), and names a step without an exercise.
  @Test func renderAnsweredPrintsTheAnsweredScreen() throws {
    let lessons = TutorEndToEndTests.root.appendingPathComponent("Lessons").path
    let golden = try String(
      contentsOf: TutorEndToEndTests.root.appendingPathComponent("Tests/TutorUITests/App/Snapshots/answered-chain-of-three-80x24.grid"),
      encoding: .utf8)
    let text = try #require(golden.components(separatedBy: "\n── styles ──\n").first)
    let unicode = ["LC_ALL": "C.UTF-8", "NO_COLOR": ""]
    let r = try run(["render", "what-a-device-must-reject", "--step", "11", "--answered", "--lessons", lessons], environment: unicode)
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out == text + "\n")
    let none = try run(["render", "what-a-device-must-reject", "--step", "1", "--answered", "--lessons", lessons], environment: unicode)
    #expect(none.status == 64)
    #expect(none.err.contains("step 1 of what-a-device-must-reject has no exercise to show answered"), "\(none.err)")
    let both = try run(["render", "11", "--step", "11", "--answered", "--overlay", "help", "--lessons", lessons])
    #expect(both.status == 64 && both.err.contains("--answered opens the exercise box itself; leave out --overlay help"))
  }

  @Test func hostileLessonTextNeverReachesTheOutputRaw() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vt-hostile-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let evil = directory.appendingPathComponent("01-evil.md")
    try "---\ntitle: \"E \\e]52;c;ZXZpbA==\\a \\u202E\"\n---\n\n## S &#27;[2J \u{202E}\n\nT &#x9b;31m.\n"
      .write(to: evil, atomically: true, encoding: .utf8)
    let bidi = directory.appendingPathComponent("02-bidi.md")
    try "---\ntitle: \"B \\u202E t\"\n---\n\n## S \u{2066} h\n\nT.\n".write(to: bidi, atomically: true, encoding: .utf8)
    let check = try run(["check", directory.path])
    #expect(check.status == 1)
    #expect(check.out.contains("01-evil.md:2:8: error: 'title' holds control character U+001B (ESC)"))
    #expect(check.out.contains("02-bidi.md:5:6: warning: bidi control U+2066"))
    let runs = [
      check, try run(["lessons", "--lessons", directory.path]), try run(["lessons", "dump", bidi.path]),
      try run(["lessons", "dump", evil.path]), try run(["learn", "--lessons", directory.path]),
      try run(["lessons", "dump", bidi.path, "--format", "json"]),
    ]
    for r in runs { #expect(hasNoHazard(r.out + r.err), "\(r.out)\(r.err)") }
    #expect(runs[5].out.contains("\\u202e"))
  }
}
