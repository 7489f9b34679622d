import Testing

@testable import VirtioLessons

/// The lesson index hint the tutor's start-up opens its first lesson from: each lesson's id, file, number and the
/// count, exactly as the catalog had them; anything else (another format, a damaged line, an unknown id) is no hint.
@Suite struct LessonIndexHintTests {
  static func catalog() throws -> [Lesson] {
    let result = LessonLoader.load(try DeferredBodyTests.shippedFiles(), deferringBodies: true)
    #expect(result.catalog.lessons.count >= 3)
    return result.catalog.lessons
  }

  @Test func everyLessonIsFoundWhereTheCatalogHasIt() throws {
    let lessons = try Self.catalog()
    let hint = try #require(LessonIndexHint.encode(lessons))
    for (position, lesson) in lessons.enumerated() {
      let entry = LessonIndexHint.lookup(hint, id: lesson.id)
      #expect(entry == LessonIndexHint.Entry(file: lesson.file, position: position, count: lessons.count))
    }
    #expect(LessonIndexHint.lookup(hint, id: nil) == .init(file: lessons[0].file, position: 0, count: lessons.count))
  }

  @Test func theHintIsOneLinePerLessonAfterItsHeader() throws {
    let lessons = try Self.catalog()
    let text = String(decoding: try #require(LessonIndexHint.encode(Array(lessons.prefix(2)))), as: UTF8.self)
    #expect(text == "virtio-tutor lesson index 1\n\(lessons[0].id)\t\(lessons[0].file)\n\(lessons[1].id)\t\(lessons[1].file)\n")
  }

  @Test func anUnknownIdOrAPrefixOfOneIsNotFound() throws {
    let lessons = try Self.catalog()
    let hint = try #require(LessonIndexHint.encode(lessons))
    #expect(LessonIndexHint.lookup(hint, id: "no-such-lesson") == nil)
    #expect(LessonIndexHint.lookup(hint, id: String(lessons[0].id.dropLast())) == nil)
    #expect(LessonIndexHint.lookup(hint, id: lessons[0].id + "x") == nil)
    #expect(LessonIndexHint.lookup(hint, id: "") == nil)
  }

  @Test(arguments: [
    "", "virtio-tutor lesson index 1", "virtio-tutor lesson index 2\na\tL/a.md\n", "virtio-tutor lesson index 1\na\tL/a.md",
    "virtio-tutor lesson index 1\na L/a.md\n", "virtio-tutor lesson index 1\n\tL/a.md\n", "virtio-tutor lesson index 1\na\t\n",
    "virtio-tutor lesson index 1\na\tL/a.md\nb\n", "virtio-tutor lesson index 1x\na\tL/a.md\n",
  ])
  func aDamagedHintIsNoHint(text: String) {
    #expect(LessonIndexHint.lookup(Array(text.utf8), id: "a") == nil)
    #expect(LessonIndexHint.lookup(Array(text.utf8), id: nil) == nil)
  }

  @Test func anEmptyCatalogHasNoFirstLesson() throws {
    let hint = try #require(LessonIndexHint.encode([]))
    #expect(LessonIndexHint.lookup(hint, id: nil) == nil)
  }

  @Test func aFileNameWithATabOrANewlineGivesNoHint() throws {
    var lesson = try Self.catalog()[0]
    lesson.file = "L/a\tb.md"
    #expect(LessonIndexHint.encode([lesson]) == nil)
    lesson.file = "L/a\nb.md"
    #expect(LessonIndexHint.encode([lesson]) == nil)
  }
}
