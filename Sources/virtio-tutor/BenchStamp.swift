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

  nonisolated(unsafe) static var firstFrame: UInt64 = 0
  nonisolated(unsafe) static var frames = 0

  /// Called after each frame: remembers when the first one was drawn and how many were.
  static func record(frame: Int) {
    if frame == 1 { firstFrame = now() }
    frames = frame
  }

  /// Writes "first-frame-time frames" to the file named by the environment variable, if set.
  static func write() {
    guard let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty else { return }
    try? "\(firstFrame) \(frames)".write(toFile: path, atomically: true, encoding: .utf8)
  }

  /// The first frame's time and the number of frames drawn.
  static func read(_ path: String) -> (time: UInt64, frames: Int)? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    let parts = text.split(separator: " ")
    guard parts.count == 2, let time = UInt64(parts[0]), let frames = Int(parts[1]) else { return nil }
    return (time, frames)
  }
}
