import Foundation
import Testing
import VirtioHost

/// Whether the QEMU tests can run here: QEMU installed and the guest image built (`virtio-tutor guest setup`).
enum QEMUAvailability {
  static var environment: [String: String] { ProcessInfo.processInfo.environment }

  static var image: GuestImage {
    if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return GuestImage(directory: cache + "/virtio-tutor/guest") }
    return GuestImage(directory: NSHomeDirectory() + "/.cache/virtio-tutor/guest")
  }

  /// Why the QEMU tests cannot run, or nil.
  static var problem: String? {
    if GuestImage.qemuBinary() == nil { return "qemu-system-x86_64 is not installed" }
    return image.problem
  }

  static var ready: Bool { problem == nil }

  static var isCI: Bool { environment["CI"] == "true" }

  /// The skip comment Swift Testing prints.
  static let skipReason: Comment = "QEMU tests skipped: QEMU or the guest image is missing (run `virtio-tutor guest setup`)"
}
