import Foundation
import Testing

/// The terminal environment the tutor meets (issue 10 item 14): a non-UTF-8 locale draws ASCII only (box drawing,
/// arrows, every glyph, as the README promises), and a terminal without an alternate screen (vt100) is cleared on
/// quit instead of keeping the last frame.
@Suite(.serialized, .enabled(if: Tmux.isAvailable && Tmux.binary != nil))
struct TerminalEnvironmentEndToEndTests {
  func command(_ state: URL, environment: String, extra: String = "") -> String {
    "env XDG_STATE_HOME=\(state.path) XDG_CACHE_HOME=\(state.path)/cache \(environment) \(Tmux.binary!) learn --lessons \(TutorEndToEndTests.lessons) \(extra)"
  }

  @Test(arguments: ["LANG=C LC_ALL=", "LC_ALL=POSIX", "LANG=en_US.ISO-8859-1 LC_ALL="])
  func aNonUTF8LocaleDrawsOnlyASCII(locale: String) throws {
    let tmux = try Tmux()
    try tmux.start(command(tmux.directory, environment: locale, extra: "--step 2"), width: 80, height: 24)
    let screen = try tmux.waitFor("Step 2/4: The driver offers a buffer")
    let wide = screen.unicodeScalars.filter { !$0.isASCII }
    #expect(wide.isEmpty, "non-ASCII on screen: \(String(String.UnicodeScalarView(wide)))\n\(screen)")
    #expect(screen.contains("+- Step 2/4: The driver offers a buffer -"))  // ASCII box corners and lines
    #expect(screen.contains("virtio-tutor | Lesson 1/2 | Step 2/4"))  // the title bar's separators
    try tmux.keys("q")
    #expect(try tmux.waitForExit() == 0)
  }

  @Test func aUTF8LocaleStillDrawsUnicode() throws {
    let tmux = try Tmux()
    try tmux.start(command(tmux.directory, environment: "LC_ALL= LANG=C.UTF-8", extra: "--step 2"), width: 80, height: 24)
    let screen = try tmux.waitFor("avail.idx 0 → 1")
    #expect(screen.contains("─"))
    try tmux.keys("q")
    #expect(try tmux.waitForExit() == 0)
  }

  @Test func vt100HasNoAlternateScreenSoQuittingClearsIt() throws {
    let tmux = try Tmux()
    try tmux.start(command(tmux.directory, environment: "TERM=vt100 LANG=C.UTF-8", extra: "--step 2"), width: 80, height: 24)
    try tmux.waitFor("Step 2/4: The driver offers a buffer")
    #expect(try tmux.display("#{alternate_on}") == "0")  // vt100: drawn on the main screen
    try tmux.keys("q")
    #expect(try tmux.waitForExit() == 0)
    let after = try tmux.capture()
    #expect(!after.contains("The driver offers a buffer"), "the last frame stayed on screen:\n\(after)")
    #expect(!after.contains("+--"))
    #expect(after.split(separator: "\n").first?.hasPrefix("EXIT=0") == true, "\(after)")
  }
}
