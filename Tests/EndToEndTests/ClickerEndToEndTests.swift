import Foundation
import Testing

/// A presentation clicker's keys (PgDn, PgUp, Esc, F5, `.`, `b`) in every overlay of the real binary in tmux: they
/// never reach the answer field, PgDn un-blanks and advances (across lessons too), Esc closes what is open.
@Suite(.serialized, .enabled(if: Tmux.isAvailable && Tmux.binary != nil))
struct ClickerEndToEndTests {
  func command(_ state: URL, extra: String = "") -> String {
    "env XDG_STATE_HOME=\(state.path) XDG_CACHE_HOME=\(state.path)/cache LANG=C.UTF-8 \(Tmux.binary!) learn --lessons \(TutorEndToEndTests.lessons) \(extra)"
  }

  /// The screen once `text` shows, after `keys`.
  @discardableResult
  func after(_ tmux: Tmux, _ keys: [String], shows text: String) throws -> String {
    for key in keys { try tmux.keys(key) }
    return try tmux.waitFor(text)
  }

  /// The screen once it shows `text` and none of `gone`, after `keys`: a capture can land mid-frame (the title
  /// already new, the rest not yet), so the test waits for the whole frame instead of judging the first capture.
  func after(_ tmux: Tmux, _ keys: [String], shows text: String, without gone: [String], timeout: Double = 10) throws -> String {
    for key in keys { try tmux.keys(key) }
    let deadline = Date().addingTimeInterval(timeout)
    var screen = try tmux.capture()
    func settled() -> Bool { screen.contains(text) && !gone.contains { screen.contains($0) } }
    while !settled() && Date() < deadline {
      usleep(50_000)
      screen = try tmux.capture()
    }
    guard settled() else { throw E2EError("expected '\(text)' without \(gone):\n\(screen)") }
    return screen
  }

  /// The screen once `text` no longer shows, after `keys`.
  @discardableResult
  func after(_ tmux: Tmux, _ keys: [String], hides text: String, timeout: Double = 10) throws -> String {
    for key in keys { try tmux.keys(key) }
    let deadline = Date().addingTimeInterval(timeout)
    var screen = try tmux.capture()
    while screen.contains(text) && Date() < deadline {
      usleep(50_000)
      screen = try tmux.capture()
    }
    guard !screen.contains(text) else { throw E2EError("'\(text)' still shows:\n\(screen)") }
    return screen
  }

  @Test func clickerKeysWorkInEveryOverlay() throws {
    let tmux = try Tmux()
    try tmux.start(command(tmux.directory, extra: "--step 3"), width: 80, height: 24)
    try tmux.waitFor("Step 3/4")
    // Exercise box: `b` and `.` blank instead of typing, and the box comes back as it was.
    try after(tmux, ["a"], shows: "Enter checks")
    try after(tmux, ["b"], hides: "Enter checks")
    var screen = try tmux.waitFor("b to return")
    screen = try after(tmux, ["."], shows: "Enter checks")
    #expect(screen.contains("Answer: █"))  // nothing was typed
    try after(tmux, ["F5"], shows: "Enter checks")
    // PgDn from the exercise box closes it and advances.
    screen = try after(tmux, ["NPage"], hides: "Enter checks")
    #expect(screen.contains("Step 4/4"))
    // Help: F5 does nothing, Esc closes.
    try after(tmux, ["?", "F5"], shows: "Esc or ? closes this help")
    screen = try after(tmux, ["Escape"], hides: "closes this help")
    #expect(screen.contains("Step 4/4"))
    // Blank over help: PgDn un-blanks and advances past the lesson's last step into the next lesson.
    try after(tmux, ["?", "."], shows: "b to return")
    screen = try after(tmux, ["NPage"], shows: "Lesson 2/2", without: ["closes this help", "b to return"])
    #expect(screen.contains("Step 1/3"))
    // Index: PgUp closes it and goes back to the previous lesson's last step.
    try after(tmux, ["i"], shows: "Enter open ·")
    screen = try after(tmux, ["PPage"], shows: "Lesson 1/2", without: ["Enter open ·"])
    #expect(screen.contains("Step 4/4"))
    // Esc on a blank screen brings back the lesson.
    try after(tmux, ["."], shows: "b to return")
    screen = try after(tmux, ["Escape"], hides: "b to return")
    #expect(screen.contains("Step 4/4"))
    // Go to step 2 by number.
    try after(tmux, ["2", "Enter"], shows: "Step 2/4")
    try tmux.keys("q")
    #expect(try tmux.waitForExit() == 0)
    #expect(try tmux.display("#{alternate_on} #{cursor_flag}") == "0 1")
  }
}
