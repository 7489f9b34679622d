import ArgumentParser
import Foundation

/// The `virtio-tutor` command: the tutor itself and its scriptable tools.
@main
struct VirtioTutor: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "virtio-tutor",
    abstract: "Learn how a VM talks to its devices by watching a real virtqueue work.",
    version: "0.1.0",
    subcommands: [
      LearnCommand.self,
      RenderCommand.self,
      LessonsCommand.self,
      CheckCommand.self,
      ResetCommand.self,
      SandboxCommand.self,
      RecordCommand.self,
      NotesCommand.self,
      TraceCommand.self,
      CompareCommand.self,
      BenchCommand.self,
      GuestCommand.self,
      InspectCommand.self,
    ],
    defaultSubcommand: LearnCommand.self
  )

  /// ArgumentParser's `main()`, except that every message is made terminal-safe (errors echo arguments, e.g.
  /// `learn $'\e[2J'`), `help NAME` with an unknown NAME is a usage error (exit 64), not the overview, and the
  /// plain shapes of `learn` are read by ``LearnFastPath``.
  static func main() {
    CrashReporting.configure()
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "help", arguments.count > 1,
      !configuration.subcommands.contains(where: { $0._commandName == arguments[1] })
    {
      let names = configuration.subcommands.map { $0._commandName }.joined(separator: ", ")
      printError("Error: no command '\(arguments[1])'; commands: \(names)")
      Foundation.exit(ExitCode.validationFailure.rawValue)
    }
    do {
      // The tutor's own start-up reads its arguments by hand (ArgumentParser costs a quarter of the first frame);
      // anything else, `--help` and every error included, goes through ArgumentParser as before.
      if let request = LearnFastPath.request(arguments) {
        try request.run()
      } else {
        var command = try parseAsRoot(arguments)
        try command.run()
      }
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if !message.isEmpty {
        if code == .success { printSafe(message) } else { printError(message) }
      }
      Foundation.exit(code.rawValue)
    }
  }
}
