import Foundation
import Testing
import TutorUI
import VirtioLessons

/// The shipped `Lessons/` pass what `virtio-tutor check` checks (parse, scripts run, expectations hold, exercises
/// agree with the engine, every step fits 80×24), and every step renders.
@Suite struct ShippedLessonsTests {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Lessons")

  static func files() throws -> [(name: String, bytes: [UInt8])] {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter(LessonLoader.isLessonFileName).sorted()
    return try names.map { name in
      let url = directory.appendingPathComponent(name)
      return ("Lessons/\(name)", [UInt8](try Data(contentsOf: url)))
    }
  }

  @Test func everyShippedLessonPassesCheck() throws {
    let files = try Self.files()
    #expect(files.count >= 12)
    var checker = LessonChecker(evaluator: EngineScriptEvaluator(), stepFits: StepFitCheck.diagnostic)
    var problems: [String] = []
    for file in files { problems += checker.check(bytes: file.bytes, file: file.name).map(\.description) }
    #expect(problems == [])
    let loaded = LessonLoader.load(files)
    #expect(loaded.diagnostics.isEmpty)
    #expect(loaded.catalog.lessons.map(\.meta.order) == Array(1...loaded.catalog.lessons.count).map { Optional($0) })
  }

  @Test func everyStepRendersAt80x24And120x40And200x60() throws {
    let lessons = LessonLoader.load(try Self.files()).catalog.lessons
    for lesson in lessons {
      for step in lesson.steps.indices {
        for size in [TutorLayout.minimum, .init(width: 120, height: 40), .init(width: 200, height: 60)] {
          let state = TutorState(lessons: lessons, lessonID: lesson.id, step: step, screen: size)
          let grid = TutorView.render(state)
          #expect(grid.lines.first?.contains("Step \(step + 1)/\(lesson.steps.count)") == true)
          #expect(FrameBuilder.frame(for: state).problem == nil, "\(lesson.id) step \(step + 1)")
        }
      }
    }
  }
}
