import Foundation
import Testing

/// `learn --present` in one tmux session and `notes` in another, both the real binary: the notes follow PgDn.
@Suite(.serialized, .enabled(if: Tmux.isAvailable && Tmux.binary != nil))
struct NotesEndToEndTests {
  @Test func theNotesFollowThePresenterStepByStep() throws {
    let tmux = try Tmux()
    let runtime = tmux.directory.appendingPathComponent("run").path
    #expect(mkdir(runtime, 0o700) == 0)
    let env = "env XDG_STATE_HOME=\(tmux.directory.path) XDG_CACHE_HOME=\(tmux.directory.path)/cache XDG_RUNTIME_DIR=\(runtime) LANG=C.UTF-8"
    try tmux.start("\(env) \(Tmux.binary!) learn --lessons \(TutorEndToEndTests.lessons) --present", width: 100, height: 30)
    try tmux.waitFor("Step 1/4")
    let notes = "sh -c 'timeout --foreground 300 \(env) \(Tmux.binary!) notes; echo EXIT=$?; sleep 120'"
    try tmux.run(["new-session", "-d", "-s", "notes", "-x", "80", "-y", "24", notes])
    // A second follower whose output is not a terminal prints lines.
    let linesFile = tmux.directory.appendingPathComponent("lines.txt").path
    let lines = "sh -c 'timeout 300 \(env) \(Tmux.binary!) notes > \(linesFile); echo EXIT=$?; sleep 120'"
    try tmux.run(["new-session", "-d", "-s", "lines", "-x", "80", "-y", "24", lines])
    func notesScreen(shows text: String) throws -> String {
      let deadline = Date().addingTimeInterval(10)
      var screen = ""
      while Date() < deadline {
        screen = try tmux.run(["capture-pane", "-p", "-t", "notes"])
        if screen.contains(text) { return screen }
        usleep(50_000)
      }
      throw E2EError("notes never showed '\(text)':\n\(screen)")
    }
    func linesFollower(printed text: String) -> String {
      let deadline = Date().addingTimeInterval(10)
      var printed = ""
      while Date() < deadline && !printed.contains(text) {
        usleep(50_000)
        printed = (try? String(contentsOfFile: linesFile, encoding: .utf8)) ?? ""
      }
      return printed
    }
    var screen = try notesScreen(shows: "Ask the class who owns each part")
    _ = linesFollower(printed: "step 1/4")
    #expect(screen.contains("Step 1/4: Split virtqueues"))
    #expect(screen.contains("Next: Step 2: The driver offers a buffer"))
    #expect(screen.contains("following the presenter"))
    try tmux.keys("NPage")
    screen = try notesScreen(shows: "Step 2/4: The driver offers a buffer")
    #expect(screen.contains("(no speaker notes for this step)"))
    try tmux.keys("NPage")
    screen = try notesScreen(shows: "Pause here. Point at the kick counter on the right.")
    #expect(screen.contains("Step 3/4: The kick"))
    #expect(screen.contains("Lesson 00:"))
    // The presenter quits: the notes say so and keep waiting; q ends them. The lines follower ends.
    try tmux.keys("q")
    #expect(try tmux.waitForExit() == 0)
    let printed = linesFollower(printed: "The presenter stopped.")
    #expect(printed.contains("Lesson 1/2, step 1/4: Split virtqueues\n  Ask the class who owns each part before revealing the table.\n"))
    #expect(printed.contains("Lesson 1/2, step 3/4: The kick\n  Pause here. Point at the kick counter on the right.\n"))
    #expect(printed.hasSuffix("The presenter stopped.\n"))
    #expect(!printed.contains("\u{1B}"))
    _ = try notesScreen(shows: "presenter gone, waiting")
    try tmux.run(["send-keys", "-t", "notes", "q"])
    _ = try notesScreen(shows: "EXIT=0")
  }
}
