import Foundation
import Testing

/// `virtio-tutor sandbox` in tmux: type commands, `:save`, and `virtio-tutor trace` replays the saved file.
@Suite(.serialized, .enabled(if: Tmux.isAvailable && Tmux.binary != nil))
struct SandboxEndToEndTests {
  @Test func typeSaveAndReplay() throws {
    let tmux = try Tmux()
    let saved = tmux.directory.appendingPathComponent("session.virtio").path
    try tmux.start("env XDG_STATE_HOME=\(tmux.directory.path) XDG_CACHE_HOME=\(tmux.directory.path)/cache LANG=C.UTF-8 \(Tmux.binary!) sandbox --size 4", width: 80, height: 24)
    try tmux.waitFor("sandbox> ")
    for command in ["driver add out=32", "driver publish", "device pop"] {
      try tmux.keys("-l", command)
      try tmux.keys("Enter")
    }
    try tmux.waitFor("avail.idx")
    try tmux.keys("-l", ":save \(saved)")
    try tmux.keys("Enter")
    try tmux.waitFor("saved ")
    try tmux.keys("Escape", "q")
    #expect(try tmux.waitForExit() == 0)
    let text = try String(contentsOfFile: saved, encoding: .utf8)
    #expect(text == "# virtio-tutor sandbox: sandbox step 1\nqueue size=4\n# sandbox\ndriver add out=32\ndriver publish\ndevice pop\n")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Tmux.binary!)
    process.arguments = ["trace", saved]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
  }

  @Test func aPackedSandboxDrawsThePackedRingAndSavesAReplayableScript() throws {
    let tmux = try Tmux()
    let saved = tmux.directory.appendingPathComponent("packed.virtio").path
    try tmux.start("env XDG_STATE_HOME=\(tmux.directory.path) XDG_CACHE_HOME=\(tmux.directory.path)/cache LANG=C.UTF-8 \(Tmux.binary!) sandbox --size 4 --format packed", width: 100, height: 30)
    try tmux.waitFor("sandbox> ")
    try tmux.waitFor("packed virtqueue")
    for command in ["driver add out=32", "driver publish", "device pop"] {
      try tmux.keys("-l", command)
      try tmux.keys("Enter")
    }
    try tmux.keys("-l", ":save \(saved)")
    try tmux.keys("Enter")
    try tmux.waitFor("saved ")
    try tmux.keys("Escape", "q")
    #expect(try tmux.waitForExit() == 0)
    let text = try String(contentsOfFile: saved, encoding: .utf8)
    #expect(text == "# virtio-tutor sandbox: sandbox step 1\nqueue size=4 format=packed\n# sandbox\ndriver add out=32\ndriver publish\ndevice pop\n")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Tmux.binary!)
    process.arguments = ["trace", saved]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
  }
}
