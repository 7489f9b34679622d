import Glibc

/// The guest image `guest/setup.sh` builds: a Debian kernel, a busybox initramfs and a small disk.
public struct GuestImage: Sendable {
  /// The directory (`$XDG_CACHE_HOME/virtio-tutor/guest`).
  public let directory: String

  public init(directory: String) { self.directory = directory }

  public var kernel: String { directory + "/vmlinuz" }
  public var initrd: String { directory + "/initrd.cpio.gz" }
  public var disk: String { directory + "/disk.raw" }

  /// Why the image cannot be used, or nil when it is complete.
  public var problem: String? {
    for file in [kernel, initrd, disk] where access(file, R_OK) != 0 {
      return "the guest image is not set up (\(file) is missing): run `virtio-tutor guest setup`"
    }
    return nil
  }

  /// The QEMU binary's path, or nil when it is not installed.
  public static func qemuBinary() -> String? {
    let path = String(cString: getenv("PATH") ?? strdup("/usr/bin:/bin"))
    for dir in path.split(separator: ":") where access("\(dir)/qemu-system-x86_64", X_OK) == 0 {
      return "\(dir)/qemu-system-x86_64"
    }
    return nil
  }
}
