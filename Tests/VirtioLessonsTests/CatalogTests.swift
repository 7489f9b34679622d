import Testing

@testable import VirtioLessons

@Suite struct CatalogTests {
  private func file(_ name: String, _ front: String) -> (name: String, bytes: [UInt8]) {
    (name: name, bytes: Array("---\n\(front)\n---\nText.\n".utf8))
  }

  @Test func ordersByOrderThenFileName() {
    let result = LessonLoader.load([
      file("L/b.md", "title: B"),
      file("L/c.md", "title: C\norder: 2"),
      file("L/a.md", "title: A"),
      file("M/d.md", "title: D\norder: 1"),
      file("L/e.md", "title: E\norder: 2"),
    ])
    #expect(result.diagnostics == [])
    #expect(result.catalog.lessons.map(\.id) == ["d", "c", "e", "a", "b"])
    #expect(result.catalog.lesson(id: "e")?.meta.title == "E")
  }

  @Test func duplicateIdsAreErrorsAtTheLaterLesson() {
    let result = LessonLoader.load([
      file("L/01-x.md", "title: One"),
      file("L/02-y.md", "title: Two\nid: x"),
      file("L/03-x.md", "title: Three"),
    ])
    #expect(
      result.diagnostics.map(\.description) == [
        "L/02-y.md:3:5: error: duplicate lesson id 'x' (also used by L/01-x.md)",
        "L/03-x.md:1:1: error: duplicate lesson id 'x' (also used by L/01-x.md)",
      ])
    #expect(result.hasErrors)
    #expect(result.catalog.lessons.map(\.file) == ["L/01-x.md"])
  }

  @Test func brokenFilesAreReportedAndLeftOut() {
    let result = LessonLoader.load([file("L/a.md", "title: A"), (name: "L/b.md", bytes: [0x00, 0xFF])])
    #expect(result.catalog.lessons.map(\.id) == ["a"])
    #expect(
      result.diagnostics.map(\.description) == [
        "L/b.md:1:1: error: not a lesson: the file holds binary data, not UTF-8 text"
      ])
  }

  @Test func lessonFileNames() {
    #expect(LessonLoader.isLessonFileName("01-rings.md"))
    #expect(LessonLoader.isLessonFileName("dir/Intro.MD"))
    #expect(!LessonLoader.isLessonFileName("README.md"))
    #expect(!LessonLoader.isLessonFileName(".hidden.md"))
    #expect(!LessonLoader.isLessonFileName("_draft.md"))
    #expect(!LessonLoader.isLessonFileName("notes.txt"))
    #expect(!LessonLoader.isLessonFileName(".md"))
  }

  @Test func searchPath() {
    #expect(LessonSearchPath.explicit(option: "x", environment: ["VIRTIO_TUTOR_LESSONS": "y"]) == "x")
    #expect(LessonSearchPath.explicit(option: nil, environment: ["VIRTIO_TUTOR_LESSONS": "y"]) == "y")
    #expect(LessonSearchPath.explicit(option: nil, environment: ["VIRTIO_TUTOR_LESSONS": ""]) == nil)
    #expect(
      LessonSearchPath.candidates(currentDirectory: "/work", executablePath: "/work/.build/debug/virtio-tutor") == [
        "/work/Lessons", "/work/.build/debug/Lessons", "/work/.build/Lessons", "/Lessons",
      ])
    #expect(LessonSearchPath.candidates(currentDirectory: "/", executablePath: nil) == ["/Lessons"])
  }
}
