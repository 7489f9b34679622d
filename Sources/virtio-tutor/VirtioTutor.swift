import ArgumentParser

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
      TraceCommand.self,
      CompareCommand.self,
      BenchCommand.self,
      GuestCommand.self,
    ],
    defaultSubcommand: LearnCommand.self
  )
}
