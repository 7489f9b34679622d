import Foundation
import Testing
@testable import virtio_tutor

/// The real binary in screen-reader mode, driven over standard input (no terminal at all), and the plain text it
/// prints when standard output is not a terminal: the same narration, and the progress file's problems in one line.
@Suite(.enabled(if: Tmux.binary != nil))
struct ScreenReaderEndToEndTests {
  struct Run {
    var status: Int32
    var out: String
    var err: String
  }

  /// Runs `virtio-tutor ARGUMENTS` with `input` on standard input and files for its output.
  func run(_ arguments: [String], input: String, state: URL, environment extra: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Tmux.binary!)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_STATE_HOME"] = state.path
    environment["XDG_CACHE_HOME"] = state.path + "/cache"
    environment["LANG"] = "C.UTF-8"
    environment["VIRTIO_TUTOR_SCREEN_READER"] = nil
    environment.merge(extra) { $1 }
    process.environment = environment
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("vt-sr-\(getpid())-\(UUID().uuidString.prefix(8))")
    let files = ["in", "out", "err"].map { base.appendingPathExtension($0) }
    defer { files.forEach { try? FileManager.default.removeItem(at: $0) } }
    try Data(input.utf8).write(to: files[0])
    for file in files.dropFirst() { FileManager.default.createFile(atPath: file.path, contents: nil) }
    process.standardInput = try FileHandle(forReadingFrom: files[0])
    process.standardOutput = try FileHandle(forWritingTo: files[1])
    process.standardError = try FileHandle(forWritingTo: files[2])
    try process.run()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, out: try String(contentsOf: files[1], encoding: .utf8),
      err: try String(contentsOf: files[2], encoding: .utf8))
  }

  func stateDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("vt-sr-state-\(getpid())-\(UUID().uuidString.prefix(8))")
  }

  @Test func theModeIsDrivenOverStandardInputAndSavesProgress() throws {
    let state = stateDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    let result = try run(
      ["learn", "--lessons", TutorEndToEndTests.lessons, "--screen-reader", "--step", "3"], input: "a\n9\n1\nn\nb\nq\n",
      state: state)
    #expect(result.status == 0)
    #expect(result.err == "")
    let lines = result.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.first == "Lesson 1 of 2: The split virtqueue.")
    #expect(lines.contains("Step 3 of 4: The kick."))
    #expect(lines.contains("Exercise: How many kicks has the driver sent so far?"))
    #expect(lines.contains("Your answer:"))
    #expect(lines.contains { $0.hasPrefix("9 is not it.") })
    #expect(lines.contains("1 is right."))
    #expect(lines.contains("Step 4 of 4: The device answers."))
    #expect(lines.last(where: { !$0.isEmpty }) == "Progress saved. Goodbye.")
    // No escape sequences, no box drawing: a screen reader reads only words.
    #expect(!result.out.contains("\u{1B}"))
    #expect(!result.out.unicodeScalars.contains { (0x2500...0x257F).contains($0.value) })
    let progress = try String(contentsOf: state.appendingPathComponent("virtio-tutor/progress.json"), encoding: .utf8)
    #expect(progress.contains("\"split-ring#3\""))
    #expect(progress.contains("\"correct\" : true"))
  }

  @Test func theEnvironmentVariableAsksForTheModeToo() throws {
    let state = stateDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    let result = try run(
      ["learn", "--lessons", TutorEndToEndTests.lessons], input: "q\n", state: state,
      environment: ["VIRTIO_TUTOR_SCREEN_READER": "1"])
    #expect(result.status == 0)
    #expect(result.out.hasPrefix("Lesson 1 of 2: The split virtqueue.\nCommands: n next step"))
    #expect(!result.err.contains("plain text"))
  }

  @Test func plainTextIsTheSameNarrationWithArrowsKeptOrSpelled() throws {
    let state = stateDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    let utf8 = try run(["learn", "--lessons", TutorEndToEndTests.lessons], input: "", state: state)
    #expect(utf8.out.contains("Step 2 of 4: The driver offers a buffer."))
    #expect(utf8.out.contains("The driver writes desc[0].len = 64."))
    #expect(utf8.out.contains("To answer in plain mode, run this command and type a and your answer:\n    virtio-tutor learn split-ring --step 3 --screen-reader\n"))
    #expect(!utf8.out.contains("press a to answer"))
    let ascii = try run(["learn", "--lessons", TutorEndToEndTests.lessons], input: "", state: state, environment: ["LANG": "C", "LC_ALL": "C"])
    #expect(ascii.out.unicodeScalars.allSatisfy { $0.isASCII })
    #expect(ascii.out.contains("16 x size"))
  }

  @Test func plainModeSaysACorruptProgressFileInOneLine() throws {
    let state = stateDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    try FileManager.default.createDirectory(at: state.appendingPathComponent("virtio-tutor"), withIntermediateDirectories: true)
    try Data("{not json".utf8).write(to: state.appendingPathComponent("virtio-tutor/progress.json"))
    let result = try run(["learn", "--lessons", TutorEndToEndTests.lessons], input: "", state: state)
    #expect(result.status == 0)
    let lines = result.err.split(separator: "\n").map(String.init)
    #expect(lines == [
      "virtio-tutor: standard output is not a terminal; printing the lesson as plain text",
      "virtio-tutor: progress file \(state.path)/virtio-tutor/progress.json is unreadable; starting fresh (kept as progress.json.corrupt-1)",
    ])
  }

  @Test func plainModeSaysAFailedSaveInOneLine() throws {
    let state = stateDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    // The progress directory's name is taken by a file: the directory cannot be made, the save fails.
    try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
    try Data().write(to: state.appendingPathComponent("virtio-tutor"))
    let result = try run(["learn", "--lessons", TutorEndToEndTests.lessons], input: "", state: state)
    #expect(result.status == 0)
    let lines = result.err.split(separator: "\n").map(String.init)
    #expect(lines.count == 2)
    #expect(lines.last?.hasPrefix("virtio-tutor: cannot save progress to \(state.path)/virtio-tutor/progress.json") == true)
    let spoken = try run(["learn", "--lessons", TutorEndToEndTests.lessons, "--screen-reader"], input: "n\nn\nq\n", state: state)
    let warnings = spoken.out.split(separator: "\n").filter { $0.hasPrefix("Warning: cannot save progress") }
    #expect(warnings.count == 1)  // said once, not at every step
  }
}
