import Testing
import TutorUI
import VirtioCore
import VirtioLessons
import VirtioScript

/// History is the write log: for every shipped lesson, the memory the tutor shows at each step's end and after each
/// command equals, byte for byte, what a fresh run of the scripts up to that point leaves in memory.
@Suite struct WriteLogHistoryTests {
  @Test func everyStepAndCommandOfEveryShippedLessonRestoresExactBytes() throws {
    let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
    #expect(lessons.count >= 12)
    for lesson in lessons {
      let playback = LessonPlayback(lesson: lesson)
      // A fresh run without a write log: copies of memory taken as it goes are the reference.
      var fresh = StepPlayback(scripts: lesson.meta.setup.map { [$0] } ?? [], from: ScriptSession()).after
      for (index, step) in lesson.steps.enumerated() {
        let shown = playback.step(index)
        for (n, command) in shown.commands.enumerated() {
          // Every event that writes memory is one record of the write log.
          let writes = command.events.filter(\.writesMemory).count
          if case .queue = command.line.command {} else {
            #expect(command.memoryAfter - command.memoryBefore == writes, "\(lesson.id) step \(index + 1) command \(n + 1)")
          }
        }
        let next = StepPlayback(scripts: step.scripts, from: fresh)
        fresh = next.after
        guard let expected = fresh.queue?.memory.bytes else {
          #expect(shown.after.queue == nil)
          continue
        }
        let view = try #require(shown.memoryAtEnd)
        #expect(try view.read(at: 0, count: expected.count) == expected, "\(lesson.id) step \(index + 1)")
      }
    }
  }
}
