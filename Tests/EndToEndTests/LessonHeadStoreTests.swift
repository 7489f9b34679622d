import Foundation
import Testing
@testable import virtio_tutor

/// The head cache's writes leave no temporary files behind, also those of a tutor killed mid-write.
@Suite struct LessonHeadStoreTests {
  @Test func aWriteSweepsTheTemporariesOfDeadProcessesOnly() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vt-heads-\(getpid())").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cache = directory + "/lesson-heads-1.cache"
    // pid 1 is alive (init); 2^22 + 1 is above Linux's pid_max limit, so no process has it.
    let alive = cache + ".1.tmp", dead = cache + ".4194305.tmp", other = directory + "/lesson-heads-2.cache.4194305.tmp"
    for path in [alive, dead, other] { FileManager.default.createFile(atPath: path, contents: Data([1])) }
    LessonHeadStore.write([7, 7], to: cache)
    #expect(try Data(contentsOf: URL(fileURLWithPath: cache)) == Data([7, 7]))
    let left = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    #expect(left == ["lesson-heads-1.cache", "lesson-heads-1.cache.1.tmp", "lesson-heads-2.cache.4194305.tmp"])
  }
}
