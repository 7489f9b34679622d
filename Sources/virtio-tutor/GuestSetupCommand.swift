import ArgumentParser
import Foundation

/// `virtio-tutor guest setup`: runs `guest/setup.sh` into the image directory.
struct GuestSetupCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "setup",
    abstract: "Build the guest image (Debian kernel + busybox initramfs) from Debian packages.",
    discussion: "Installs qemu-system-x86 and busybox-static if missing, downloads the kernel package behind linux-image-cloud-amd64 (never installs it) and writes the image to $XDG_CACHE_HOME/virtio-tutor/guest. Safe to run again.")

  @Option(help: "Image directory (default: $XDG_CACHE_HOME/virtio-tutor/guest).")
  var directory: String?

  func run() throws {
    let script = try GuestPaths.setupScript()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [script, directory ?? GuestPaths.imageDirectory]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ExitCode(process.terminationStatus) }
  }
}
