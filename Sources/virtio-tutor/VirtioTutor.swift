import ArgumentParser

/// The `virtio-tutor` command: the tutor itself and its scriptable tools.
@main
struct VirtioTutor: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "virtio-tutor",
    abstract: "Learn how a VM talks to its devices by watching a real virtqueue work.",
    version: "0.1.0",
    subcommands: [
      LessonsCommand.self,
      CheckCommand.self,
      TraceCommand.self,
      BenchCommand.self,
    ]
  )
}
