import Foundation
import VirtioLessons

/// `bench ui`'s start-up with a large catalog: the tutor's first frame must not grow with the number of lessons
/// (issue 12: 1,200 lessons). The shipped lessons are copied round-robin into a temporary directory with new
/// ids and orders (`why-virtio` → `why-virtio-c0001`, order 1 → 100_001), then the tutor opens the first one:
/// once with an empty head cache (the cold figure), then 20 times interleaved with the shipped catalog.
extension UIBench {
  /// The number of lessons the large catalog holds.
  static let manyLessons = 1_200

  /// Launch → first frame's bytes with the shipped lessons and with `manyLessons` of them: 20 runs each,
  /// interleaved, medians, and the difference.
  func startupWithManyLessons(_ lessons: [Lesson], marker: String, executable: String) throws -> [String: Any] {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vt-lessons-\(getpid())")
    let catalog = directory.appendingPathComponent("lessons")
    try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let environment = Self.launchEnvironment(state: directory.appendingPathComponent("state").path)
    let written = try Self.writeCatalog(copying: lessons, count: Self.manyLessons, into: catalog.path)
    let first = "\(lessons[0].id)-c0001"
    let shipped = PtyLaunch(
      arguments: [executable, "learn", lessons[0].id, "--step", "1"] + (display.lessons.map { ["--lessons", $0] } ?? []),
      environment: environment)
    let many = PtyLaunch(
      arguments: [executable, "learn", first, "--step", "1", "--lessons", catalog.path], environment: environment)
    // The head cache stores a file only once it is LessonHeadCache.settleSeconds old (a real catalog exists before
    // the tutor starts); the first launch after that reads every head and fills the cache: the cold figure.
    Thread.sleep(forTimeInterval: Double(LessonHeadCache.settleSeconds) + 1.1)
    let cold = many.firstFrame(marker: marker)?.milliseconds
    var few: [Double] = []
    var lots: [Double] = []
    for _ in 0..<20 {
      if let r = shipped.firstFrame(marker: marker) { few.append(r.milliseconds) }
      if let r = many.firstFrame(marker: marker) { lots.append(r.milliseconds) }
    }
    guard !few.isEmpty, !lots.isEmpty else { throw CLIError("the marker '\(marker)' never reached the terminal") }
    let (a, b) = (Self.median(few), Self.median(lots))
    return [
      "measure": "startup_many_lessons", "runs": min(few.count, lots.count), "lessons_shipped": lessons.count,
      "lessons_many": written, "first_frame_ms_median_shipped": (a * 10).rounded() / 10,
      "first_frame_ms_median_many": (b * 10).rounded() / 10, "difference_ms": ((b - a) * 10).rounded() / 10,
      "first_frame_ms_many_cold_cache": cold.map { ($0 * 10).rounded() / 10 } ?? -1,
    ]
  }

  /// Writes `count` lessons cycling over `lessons`' files, each with a unique `id:` and `order:`; returns `count`.
  static func writeCatalog(copying lessons: [Lesson], count: Int, into directory: String) throws -> Int {
    let texts = try lessons.map { try String(contentsOfFile: $0.file, encoding: .utf8) }
    for n in 0..<count {
      let (copy, source) = (n / lessons.count + 1, n % lessons.count)
      let suffix = String(format: "c%04d", copy)
      let text = renamed(texts[source], id: "\(lessons[source].id)-\(suffix)", order: copy * 100_000 + source)
      let name = String(format: "%05d-", n) + "\(lessons[source].id)-\(suffix).md"
      try text.write(toFile: (directory as NSString).appendingPathComponent(name), atomically: false, encoding: .utf8)
    }
    return count
  }

  /// `text` with its front matter's `id:` and `order:` lines replaced (added when missing).
  static func renamed(_ text: String, id: String, order: Int) -> String {
    var lines = text.components(separatedBy: "\n")
    guard lines.first == "---", let close = lines.dropFirst().firstIndex(of: "---") else { return text }
    lines.removeSubrange(1..<close)
    let kept = text.components(separatedBy: "\n")[1..<close].filter { !$0.hasPrefix("id:") && !$0.hasPrefix("order:") }
    lines.insert(contentsOf: ["id: \(id)", "order: \(order)"] + kept, at: 1)
    return lines.joined(separator: "\n")
  }
}
