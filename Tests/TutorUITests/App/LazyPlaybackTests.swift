import Testing
import TutorUI
import VirtioCore
import VirtioLessons

/// A lesson's steps are played when first read (the first frame runs step 1's scripts, not the whole lesson's):
/// whatever order they are read in, every step shows what playing them all in order shows.
@Suite struct LazyPlaybackTests {
  @Test func stepsReadInAnyOrderEqualStepsPlayedInOrder() throws {
    let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
    #expect(lessons.count >= 12)
    for lesson in lessons {
      let inOrder = LessonPlayback(lesson: lesson)
      let reference = try inOrder.steps.map { ($0.events, $0.problem, $0.memoryAfter, try $0.memoryAtEnd.map { try $0.read(at: 0, count: $0.size) }) }
      let lastFirst = LessonPlayback(lesson: lesson)
      #expect(lastFirst.steps.count == lesson.steps.count)
      for index in lesson.steps.indices.reversed() {
        let step = lastFirst.step(index)
        #expect(step.events == reference[index].0, "\(lesson.id) step \(index + 1)")
        #expect(step.problem == reference[index].1, "\(lesson.id) step \(index + 1)")
        #expect(step.memoryAfter == reference[index].2, "\(lesson.id) step \(index + 1)")
        // Guest memory is one write log: a step's bytes are its view at the step's end.
        #expect(try step.memoryAtEnd.map { try $0.read(at: 0, count: $0.size) } == reference[index].3, "\(lesson.id) step \(index + 1)")
      }
    }
  }
}
