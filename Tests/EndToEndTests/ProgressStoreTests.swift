import Foundation
import TestSupport
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

/// Hostile progress directories: a huge file, many corrupt copies, temporaries of killed saves.
@Suite struct ProgressStoreLimitTests {
  func store() -> ProgressStore {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vt-progress-\(UUID().uuidString)")
    return ProgressStore(directory: directory.appendingPathComponent("virtio-tutor"))
  }

  @Test func aHugeFileIsSetAsideWithoutBeingRead() throws {
    let s = store()
    try FileManager.default.createDirectory(at: s.directory, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: s.file.path, contents: nil)
    let handle = try FileHandle(forWritingTo: s.file)
    try handle.truncate(atOffset: UInt64(64 << 20))  // sparse: 64 MiB that would be read whole before
    try handle.close()
    let before = maxRSS()
    let (loaded, warning) = s.load()
    #expect(loaded == LearnerProgress())
    #expect(warning?.contains("kept as progress.json.corrupt-1") == true)
    #expect(maxRSS() - before < 32 << 20)
  }

  @Test func theNewestCorruptFileIsAlwaysKept() throws {
    let s = store()
    try FileManager.default.createDirectory(at: s.directory, withIntermediateDirectories: true)
    for n in 1...12 {
      try "bad \(n)".write(to: s.file, atomically: false, encoding: .utf8)
      #expect(s.load().warning != nil)
    }
    let kept = try FileManager.default.contentsOfDirectory(atPath: s.directory.path).sorted()
    #expect(kept.count == ProgressStore.keptCorruptFiles)
    #expect(try String(contentsOf: s.directory.appendingPathComponent("progress.json.corrupt-1"), encoding: .utf8) == "bad 12")
    #expect(try String(contentsOf: s.directory.appendingPathComponent("progress.json.corrupt-10"), encoding: .utf8) == "bad 3")
  }

  @Test func temporariesOfKilledSavesAreRemoved() throws {
    let s = store()
    try FileManager.default.createDirectory(at: s.directory, withIntermediateDirectories: true)
    for pid in [999_999, 999_998] {
      try "{}".write(to: s.directory.appendingPathComponent("progress.json.tmp-\(pid)"), atomically: false, encoding: .utf8)
    }
    #expect(s.save(LearnerProgress()) == nil)
    _ = s.load()
    #expect(try FileManager.default.contentsOfDirectory(atPath: s.directory.path) == ["progress.json"])
  }
}
