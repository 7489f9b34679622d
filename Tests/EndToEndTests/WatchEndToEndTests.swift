import Foundation
import Testing

/// `learn --watch` in tmux: an edit that breaks the lesson shows the error in the status line (the tutor keeps
/// running); fixing it reloads the lesson on the same step.
@Suite(.serialized, .enabled(if: Tmux.isAvailable && Tmux.binary != nil))
struct WatchEndToEndTests {
  @Test func editsReloadAndErrorsShowInTheStatusLine() throws {
    let tmux = try Tmux()
    let lessons = tmux.directory.appendingPathComponent("lessons")
    try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
    let file = lessons.appendingPathComponent("01-split-ring.md")
    let original = try String(contentsOfFile: TutorEndToEndTests.lessons + "/01-split-ring.md", encoding: .utf8)
    try original.write(to: file, atomically: true, encoding: .utf8)
    try tmux.start(
      "env XDG_STATE_HOME=\(tmux.directory.path) XDG_CACHE_HOME=\(tmux.directory.path)/cache LANG=C.UTF-8 \(Tmux.binary!) learn --watch --lessons \(lessons.path) --step 1",
      width: 100, height: 30)
    try tmux.waitFor("Step 1/4")
    usleep(500_000)  // the watcher has seen the file once
    try original.replacingOccurrences(of: "title: The split virtqueue", with: "titel: The split virtqueue")
      .write(to: file, atomically: true, encoding: .utf8)
    try tmux.waitFor("check: ")
    #expect(try tmux.display("#{pane_dead}") == "0")
    try original.replacingOccurrences(of: "# Split virtqueues", with: "# Split virtqueues, edited")
      .write(to: file, atomically: true, encoding: .utf8)
    let screen = try tmux.waitFor("reloaded ")
    #expect(screen.contains("Step 1/4: Split virtqueues, edited"))
    try tmux.keys("q")
    #expect(try tmux.waitForExit() == 0)
  }
}
