import Foundation
import Testing
import TutorUI
import VirtioLessons

@testable import virtio_tutor

/// The tutor's start-up from the lesson index hint and the head cache, on real files: the hint opens the lesson
/// asked for (or saved, or the first) with its number, and every change to the files (content, id, order, a file
/// removed or added) is either seen at once or corrected by the catalog built after the first frame.
@Suite struct LearnStartupTests {
  /// A lessons directory and a cache directory under a fresh temporary directory.
  struct Place {
    let root: String
    var lessons: String { root + "/lessons" }
    var startup: LearnStartup { LearnStartup(directory: lessons, cacheFile: root + "/cache/lesson-heads-test.cache") }

    init() throws {
      root = FileManager.default.temporaryDirectory.appendingPathComponent("vt-startup-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: root + "/lessons", withIntermediateDirectories: true)
    }

    /// Writes a lesson file whose times are a minute old (settled, so the head cache stores it).
    func write(_ name: String, id: String, title: String, order: Int) throws {
      let text = "---\nid: \(id)\ntitle: \(title)\norder: \(order)\n---\n## First step\n\nAbout \(title).\n"
      try write(name, text: text)
    }

    func write(_ name: String, text: String) throws {
      let path = lessons + "/" + name
      try text.write(toFile: path, atomically: false, encoding: .utf8)
      let old = Date().addingTimeInterval(-60)
      try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
  }

  func threeLessons() throws -> Place {
    let place = try Place()
    try place.write("01-a.md", id: "a", title: "Alpha", order: 1)
    try place.write("02-b.md", id: "b", title: "Bravo", order: 2)
    try place.write("03-c.md", id: "c", title: "Charlie", order: 3)
    return place
  }

  func progress(at id: String?) -> LearnerProgress {
    var progress = LearnerProgress()
    progress.currentLesson = id
    return progress
  }

  @Test func withoutAHintTheLessonIsFoundByItsFileName() throws {
    let place = try threeLessons()
    defer { place.remove() }
    try place.write("README.md", text: "# Lessons\n")
    try place.write("_draft.md", id: "draft", title: "Draft", order: 0)
    try place.write("04-x.md", id: "d", title: "Delta", order: 4)
    let first = try #require(place.startup.open(lesson: nil, progress: .init()))
    #expect((first.lesson.id, first.position, first.count) == ("a", 0, 4))
    let asked = try #require(place.startup.open(lesson: "b", progress: .init()))
    #expect((asked.lesson.id, asked.position, asked.count, asked.lesson.file) == ("b", 1, 4, place.lessons + "/02-b.md"))
    let saved = try #require(place.startup.open(lesson: nil, progress: progress(at: "c")))
    #expect((saved.lesson.id, saved.position) == ("c", 2))
    // An id that is not its file's name, or no such lesson: the catalog comes first.
    #expect(place.startup.open(lesson: "d", progress: .init()) == nil)
    #expect(place.startup.open(lesson: "x", progress: .init()) == nil)
    #expect(place.startup.open(lesson: "zulu", progress: .init()) == nil)
  }

  @Test func theHintOpensTheLessonAskedForTheSavedOneOrTheFirst() throws {
    let place = try threeLessons()
    defer { place.remove() }
    let (lessons, problem) = place.startup.catalog(previous: nil)
    #expect(lessons.map(\.id) == ["a", "b", "c"])
    #expect(problem == nil)
    let asked = try #require(place.startup.open(lesson: "b", progress: progress(at: "c")))
    #expect((asked.lesson.id, asked.lesson.meta.title, asked.position, asked.count) == ("b", "Bravo", 1, 3))
    #expect(asked.lesson == lessons[1])
    let saved = try #require(place.startup.open(lesson: nil, progress: progress(at: "c")))
    #expect((saved.lesson.id, saved.position) == ("c", 2))
    let first = try #require(place.startup.open(lesson: nil, progress: .init()))
    #expect((first.lesson.id, first.position) == ("a", 0))
  }

  @Test func aNumberOrAnIdTheHintDoesNotKnowIsLeftToTheCatalog() throws {
    let place = try threeLessons()
    defer { place.remove() }
    _ = place.startup.catalog(previous: nil)
    #expect(place.startup.open(lesson: "2", progress: .init()) == nil)
    #expect(place.startup.open(lesson: "zulu", progress: .init()) == nil)
    #expect(place.startup.open(lesson: nil, progress: progress(at: "zulu")) == nil)
  }

  @Test func aChangedLessonIsReadAgainByTheHintAndByTheHeadCache() throws {
    let place = try threeLessons()
    defer { place.remove() }
    // The head cache keeps a file only once its change time (which cannot be set back) is settled.
    Thread.sleep(forTimeInterval: Double(LessonHeadCache.settleSeconds) + 1.1)
    _ = place.startup.catalog(previous: nil)
    #expect(FileManager.default.fileExists(atPath: place.root + "/cache/lesson-heads-test.cache"))
    // Same size, same modification time: only the change time and the bytes differ.
    try place.write("02-b.md", id: "b", title: "Bxxxx", order: 2)
    let opened = try #require(place.startup.open(lesson: "b", progress: .init()))
    #expect(opened.lesson.meta.title == "Bxxxx")
    #expect(place.startup.catalog(previous: opened.hint).lessons.map(\.meta.title) == ["Alpha", "Bxxxx", "Charlie"])
  }

  @Test func aFileThatNoLongerHoldsTheLessonOrIsGoneIsLeftToTheCatalog() throws {
    let place = try threeLessons()
    defer { place.remove() }
    _ = place.startup.catalog(previous: nil)
    try place.write("02-b.md", id: "bee", title: "Bravo", order: 2)
    #expect(place.startup.open(lesson: "b", progress: .init()) == nil)
    try FileManager.default.removeItem(atPath: place.lessons + "/03-c.md")
    #expect(place.startup.open(lesson: "c", progress: .init()) == nil)
    try place.write("01-a.md", text: "---\ntitle: [\n---\n")
    #expect(place.startup.open(lesson: "a", progress: .init()) == nil)
    let (lessons, problem) = place.startup.catalog(previous: nil)
    #expect(lessons.map(\.id) == ["bee"])
    #expect(problem?.hasPrefix("1 problem(s) in the lessons (run `virtio-tutor check`); first: \(place.lessons)/01-a.md:") == true)
  }

  @Test func aNewEarlierLessonIsCountedOnceTheCatalogIsBuilt() throws {
    let place = try threeLessons()
    defer { place.remove() }
    #expect(place.startup.catalog(previous: nil).lessons.count == 3)
    try place.write("00-z.md", id: "z", title: "Zero", order: 0)
    let stale = try #require(place.startup.open(lesson: "b", progress: .init()))
    #expect((stale.position, stale.count) == (1, 3))
    let (lessons, _) = place.startup.catalog(previous: stale.hint)
    #expect(lessons.map(\.id) == ["z", "a", "b", "c"])
    let fresh = try #require(place.startup.open(lesson: "b", progress: .init()))
    #expect((fresh.position, fresh.count) == (2, 4))
    var state = TutorState(opening: stale.lesson, at: stale.position, of: stale.count, progress: .init(), step: nil)
    state.adopt(catalog: lessons, wanted: "b", step: nil)
    #expect((state.lessonIndex, state.lessons.count, state.lesson.id) == (2, 4, "b"))
  }
}
