import Foundation
import Testing
import TutorUI
@testable import virtio_tutor

/// The progress file: atomic round trip, XDG location rules, and a corrupt file set aside with a warning.
@Suite struct ProgressStoreTests {
  func temporaryStore() throws -> ProgressStore {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vt-progress-\(UUID().uuidString)")
    return ProgressStore(directory: directory.appendingPathComponent("virtio-tutor"))
  }

  @Test func roundTrip() throws {
    let store = try temporaryStore()
    var progress = LearnerProgress()
    progress.currentLesson = "why-virtio"
    progress.steps = ["why-virtio": 4, "status-and-features": 2]
    progress.completed = ["why-virtio"]
    progress.exercises = ["why-virtio#5": .init(attempts: 2, correct: true)]
    #expect(store.save(progress) == nil)
    let (loaded, warning) = store.load()
    #expect(loaded == progress)
    #expect(warning == nil)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: store.directory.path)
    #expect(leftovers == ["progress.json"])  // written atomically: no temporary file left behind
  }

  @Test func missingFileIsAFreshStartWithoutWarning() throws {
    let (loaded, warning) = try temporaryStore().load()
    #expect(loaded == LearnerProgress())
    #expect(warning == nil)
  }

  @Test func corruptFileGivesOneLineWarningAndIsKeptAside() throws {
    let store = try temporaryStore()
    try FileManager.default.createDirectory(at: store.directory, withIntermediateDirectories: true)
    try Data("{ not json".utf8).write(to: store.file)
    let (loaded, warning) = store.load()
    #expect(loaded == LearnerProgress())
    let line = try #require(warning)
    #expect(!line.contains("\n"))
    #expect(line.contains("unreadable; starting fresh"))
    let files = try FileManager.default.contentsOfDirectory(atPath: store.directory.path).sorted()
    #expect(files == ["progress.json.corrupt-1"])
    #expect(try String(contentsOf: store.directory.appendingPathComponent("progress.json.corrupt-1"), encoding: .utf8) == "{ not json")
    #expect(store.save(loaded) == nil)  // and saving works again afterwards
  }

  @Test func xdgStateHomeIsUsedOnlyWhenAbsolute() {
    #expect(ProgressStore.standard(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]).file.path == "/s/virtio-tutor/progress.json")
    #expect(ProgressStore.standard(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"]).file.path == "/h/.local/state/virtio-tutor/progress.json")
    #expect(ProgressStore.standard(environment: ["HOME": "/h"]).file.path == "/h/.local/state/virtio-tutor/progress.json")
  }

  @Test func resetRemovesTheFile() throws {
    let store = try temporaryStore()
    #expect(store.save(LearnerProgress()) == nil)
    try store.reset()
    #expect(!FileManager.default.fileExists(atPath: store.file.path))
  }
}
