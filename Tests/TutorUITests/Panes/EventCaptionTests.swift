import Foundation
import TermGrid
import Testing
import VirtioCore
import VirtioLessons

@testable import TutorUI

extension Panes {
  /// The current event's caption: whole at every size, errors with the implementations that report them.
  @Suite struct EventCaptionTests {
    static let broken = PaneFixture.playback(
      setup: "queue size=4\ndriver add out=16\ndriver publish",
      step: """
        poke avail.ring[0]=7
        device pop
        expect error == head-out-of-range
        """)

    static var errorCursor: Int { (broken.events.firstIndex { $0.kind == .error } ?? 0) + 1 }

    @Test func anErrorCaptionNamesItsReporters() {
      let caption = EventCaption(Self.broken.events[Self.errorCursor - 1])
      #expect(caption.isError)
      #expect(caption.text.hasPrefix("device error head-out-of-range: Guest says index 7 is available"))
      #expect(caption.text.contains("Reported by QEMU virtqueue_get_head: \"Guest says index %u is available\""))
    }

    @Test func theLogDrawsTheCaptionWholeInTheErrorStyle() {
      let frame = PaneFixture.frame(Self.broken, cursor: Self.errorCursor)
      let area = Rect(x: 0, y: 0, width: 60, height: 10)
      let grid = PaneFixture.render(area, context: PaneFixture.context(frame)) { EventLogPane().render(in: $0, into: &$1, context: $2) }
      let caption = EventCaption(Self.broken.events[Self.errorCursor - 1]).text
      let lines = TextWrap.wrap(caption, width: 58)
      #expect(lines.count == 4)
      for (i, line) in lines.enumerated() {
        #expect(PaneFixture.content(grid, row: 1 + i) == line)
        #expect(grid[1, 1 + i].style == Theme.dark.style(.error))
      }
      // The entries follow, the current one highlighted.
      #expect(grid[1, 8].style == Theme.dark.style(.current))
    }

    @Test func aLongCaptionTakesTheCountersRowsAt80x24() {
      var state = AppFixtures.state(step: 0, size: Size(width: 80, height: 24))
      state.screen = Size(width: 80, height: 24)
      let layout = TutorLayout(size: state.screen)
      let frame = PaneFixture.frame(Self.broken, cursor: Self.errorCursor)
      let context = PaneFixture.context(frame)
      #expect(EventLogPane().rowsNeeded(width: layout.eventLogPane.width, context: context) > layout.eventLogPane.height)
      #expect(
        EventLogPane().rowsNeeded(width: layout.eventLogPane.width, context: context)
          <= layout.eventLogPane.height + layout.countersPane.height)
    }

    /// Every event and flow step of every shipped lesson: its caption fits whole (in the log, or the log plus the
    /// counters' rows) at 80×24, 120×40 and 200×60.
    @Test func everyCaptionOfTheShippedLessonsFitsWhole() throws {
      let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
      var cut: [String] = []
      var checked = 0
      for size in [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)] {
        let layout = TutorLayout(size: size)
        let room = layout.eventLogPane.height + layout.countersPane.height
        for lesson in lessons {
          let playback = LessonPlayback(lesson: lesson)
          for (index, step) in playback.steps.enumerated() {
            var frame = PaneFixture.frame(step)
            let flowSteps = step.flow?.steps.count ?? 0
            for k in stride(from: 1, through: max(step.events.count, flowSteps), by: 1) {
              frame.cursor = min(k, step.events.count)
              frame.flowCursor = min(k, flowSteps)
              let needed = EventLogPane().rowsNeeded(width: layout.eventLogPane.width, context: PaneFixture.context(frame))
              checked += 1
              // Whole means the caption and the box; the entry row below it is a bonus.
              if needed - 1 > room { cut.append("\(size) \(lesson.id) step \(index + 1) event \(k): \(needed) rows > \(room)") }
            }
          }
        }
      }
      #expect(checked > 1000)
      #expect(cut == [])
    }
  }
}
