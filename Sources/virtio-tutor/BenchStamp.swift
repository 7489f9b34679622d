import Foundation

/// A CLOCK_MONOTONIC timestamp handed from the tutor to `bench ui` through a file named by an environment
/// variable: the time the first frame was drawn. Both processes read the same system-wide clock.
enum BenchStamp {
  static let variable = "VIRTIO_TUTOR_FIRST_FRAME_STAMP"

  /// Nanoseconds of CLOCK_MONOTONIC.
  static func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
  }

  /// Writes the current time to the file named by the environment variable, if set.
  static func write() {
    guard let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty else { return }
    try? String(now()).write(toFile: path, atomically: true, encoding: .utf8)
  }

  static func read(_ path: String) -> UInt64? {
    (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
  }
}
