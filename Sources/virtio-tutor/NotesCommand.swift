import ArgumentParser
import Foundation
import TermGrid
import TutorTerminal
import TutorUI
#if canImport(Glibc)
  import Glibc
#endif

/// `virtio-tutor notes`: in a second terminal, follows `virtio-tutor learn --present`: the current step's speaker
/// notes, the next step, the lesson's elapsed time and a timer. A curses screen on a terminal, lines otherwise.
struct NotesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "notes",
    abstract: "Follow a presenting tutor (learn --present): speaker notes, next step, elapsed time, a timer.")

  @Option(name: .customLong("theme"), help: "Colour theme: dark, light, terminal or projector.")
  var themeName: String = "dark"

  @Flag(help: "Draw with ASCII only.")
  var ascii = false

  mutating func run() throws {
    let path = try NotesSocket.path(create: false)
    guard let theme = Theme.named(themeName) else {
      throw ValidationError("unknown theme '\(themeName)'; choose dark, light, terminal or projector")
    }
    let requested = TerminalCapabilities(
      unicode: !ascii, color: TerminalCapabilities.colorAllowed(noColor: ProcessInfo.processInfo.environment["NO_COLOR"]))
    guard isatty(STDOUT_FILENO) == 1 else { return try Self.followAsLines(path: path) }
    switch NCursesTerminal.open(options: .init(requested: requested)) {
    case .failure:
      try Self.followAsLines(path: path)
    case .success(var terminal):
      let exit = Self.follow(path: path, on: &terminal, theme: theme)
      terminal.close()
      if let exit { throw ExitCode(128 + exit) }
    }
  }

  /// The curses view: redrawn five times a second (the clocks), reconnecting when the presenter comes back.
  /// Returns the signal that ended it, if one did.
  static func follow(path: String, on terminal: inout NCursesTerminal, theme: Theme) -> Int32? {
    var follower = NotesFollower(path: path)
    var model = NotesView.Model(presenter: nil, connected: follower != nil, now: Date().timeIntervalSince1970, socketPath: path)
    var screen = Terminal(terminal)
    var lastTry = model.now
    while true {
      model.now = Date().timeIntervalSince1970
      if follower == nil || follower?.closed == true, model.now - lastTry >= 0.5 {
        follower = NotesFollower(path: path)
        lastTry = model.now
      }
      if let f = follower, let state = f.read().last { model.presenter = state }
      model.connected = follower.map { !$0.closed } ?? false
      let grid = NotesView.render(model, size: terminal.size, theme: theme, capabilities: terminal.capabilities)
      guard (try? screen.draw(grid)) != nil else { return nil }
      switch try? screen.nextInput(timeout: .milliseconds(200)) {
      case .key(.character("q"))?, .key(.ctrl("c"))?: return nil
      case .key(.character("t"))?: model.timerStarted = Date().timeIntervalSince1970
      case .signal(let number)?: return number
      default: break
      }
    }
  }

  /// Without a terminal: the lines of each new state as it arrives; ends when the presenter stops.
  static func followAsLines(path: String) throws {
    guard let follower = NotesFollower(path: path) else {
      throw CLIError("no presenter on \(path) (start virtio-tutor learn --present first)")
    }
    while !follower.closed {
      guard let state = follower.read(timeoutMilliseconds: -1).last else { continue }
      let model = NotesView.Model(presenter: state, connected: true, now: Date().timeIntervalSince1970, socketPath: path)
      ScreenReaderMode.say((NotesView.lines(model) + [""]).joined(separator: "\n"))
    }
    ScreenReaderMode.say("The presenter stopped.")
  }
}
