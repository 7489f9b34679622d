import Foundation
import Testing

/// Finds an `asciinema` that can pause on markers (2.4+), installing it from PyPI into a cache directory when there
/// is none (Debian 12's asciinema 2.2 plays casts but has no `-m`).
enum AsciinemaPlayer {
  static let cache = FileManager.default.temporaryDirectory.appendingPathComponent("virtio-tutor-asciinema").path

  /// The shell words that run `asciinema` with `-m` support, or nil when it cannot be had.
  static let withMarkers: String? = {
    if helps("/usr/bin/env python3 -m asciinema", pythonPath: cache) { return "env PYTHONPATH=\(cache) python3 -m asciinema" }
    if helps("/usr/bin/env asciinema", pythonPath: nil) { return "asciinema" }
    _ = shell("python3 -m pip install --quiet --disable-pip-version-check --target \(cache) asciinema==2.4.0")
    return helps("/usr/bin/env python3 -m asciinema", pythonPath: cache) ? "env PYTHONPATH=\(cache) python3 -m asciinema" : nil
  }()

  static func helps(_ command: String, pythonPath: String?) -> Bool {
    let prefix = pythonPath.map { "PYTHONPATH=\($0) " } ?? ""
    return shell("\(prefix)\(command) play --help 2>/dev/null | grep -q pause-on-markers") == 0
  }

  @discardableResult
  static func shell(_ command: String) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return -1 }
    process.waitUntilExit()
    return process.terminationStatus
  }
}

/// `virtio-tutor record` → `asciinema play` in tmux: the recording plays to its last step, and with `-m` it stops at
/// each step until resumed.
@Suite(
  .serialized,
  .enabled(if: Tmux.isAvailable && Tmux.binary != nil),
  .enabled(if: AsciinemaPlayer.withMarkers != nil, "asciinema 2.4+ could not be found or installed from PyPI"))
struct RecordEndToEndTests {
  func record(into directory: URL) throws -> String {
    let cast = directory.appendingPathComponent("lesson.cast").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Tmux.binary!)
    process.arguments = ["record", "1", "--lessons", TutorEndToEndTests.lessons, "-o", cast]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return cast
  }

  @Test func playsToTheEnd() throws {
    let tmux = try Tmux()
    let cast = try record(into: tmux.directory)
    try tmux.start("\(AsciinemaPlayer.withMarkers!) play -i 0.1 -s 4 \(cast)", width: 80, height: 26)
    let screen = try tmux.waitFor("EXIT=0", timeout: 30)
    #expect(screen.contains("Step 4/4"))
  }

  @Test func pausesOnEachStepsMarker() throws {
    let tmux = try Tmux()
    let cast = try record(into: tmux.directory)
    try tmux.start("\(AsciinemaPlayer.withMarkers!) play -m -i 0.1 \(cast)", width: 80, height: 26)
    try tmux.waitFor("Step 1/4")
    usleep(800_000)
    #expect(!(try tmux.capture()).contains("Step 2/4"))  // paused at step 1's marker
    try tmux.keys("Space")
    try tmux.waitFor("Step 2/4")
    usleep(800_000)
    #expect(!(try tmux.capture()).contains("Step 3/4"))
    try tmux.keys("Space")
    try tmux.waitFor("Step 3/4")
  }
}
