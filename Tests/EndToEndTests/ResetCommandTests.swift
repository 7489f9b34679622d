import Foundation
import Testing

/// `virtio-tutor reset LESSON` on the real binary: one lesson's results go, the other lesson's stay.
@Suite(.enabled(if: Tmux.binary != nil))
struct ResetCommandTests {
  @Test func resetForgetsOneLessonOnly() throws {
    let state = FileManager.default.temporaryDirectory.appendingPathComponent("vt-reset-\(getpid())-\(UUID().uuidString.prefix(6))")
    defer { try? FileManager.default.removeItem(at: state) }
    let directory = state.appendingPathComponent("virtio-tutor")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let before = #"{"version":1,"currentLesson":"split-ring","steps":{"split-ring":3,"notes-and-views":1},"completed":["split-ring"],"exercises":{"split-ring#3":{"attempts":2,"correct":true},"split-ring#4":{"attempts":1,"correct":false},"notes-and-views#2":{"attempts":1,"correct":true}}}"#
    try before.write(to: directory.appendingPathComponent("progress.json"), atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Tmux.binary!)
    process.arguments = ["reset", "split-ring", "--lessons", TutorEndToEndTests.lessons]
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_STATE_HOME"] = state.path
    environment["XDG_CACHE_HOME"] = state.path + "/cache"
    process.environment = environment
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(printed == "reset lesson 'split-ring': 2 exercise results forgotten, other lessons kept\n")
    let after = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("progress.json"))) as? [String: Any]
    #expect((after?["exercises"] as? [String: Any])?.keys.sorted() == ["notes-and-views#2"])
    #expect((after?["steps"] as? [String: Int]) == ["notes-and-views": 1])
    #expect((after?["completed"] as? [String]) == [])
  }
}
