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

    /// The device's error and the NEEDS_RESET it causes come from one `device pop`: the status event's caption keeps
    /// the error whole before it (`… Then device status: …`) when both fit the 80×24 band's three lines, else the
    /// error alone, whole (the status is the log's highlighted entry): the settled step still says what was rejected
    /// and who reports it.
    @Test func anEventAfterAnErrorKeepsTheErrorInItsCaption() throws {
      let events = Self.broken.events
      let status = Self.errorCursor
      try #require(events.indices.contains(status))
      #expect(events[status].kind == .status)
      let error = EventCaption(events[status - 1]).text
      let both = EventCaption(events[status], after: [events[status - 1]])
      #expect(both.text == error + " Then " + EventCaption(events[status]).text)
      #expect(both.isError)
      // This error with its reporters and the status need five lines at 78 columns: the caption is the error.
      #expect(TextWrap.wrap(both.text, width: 78).count == 5)
      let frame = PaneFixture.frame(Self.broken, cursor: status + 1)
      let caption = try #require(EventCaption.current(frame, flow: false))
      #expect(caption == EventCaption(text: error, isError: true))
      // The error's own caption is just itself; an event with no error before it is just itself.
      #expect(EventCaption.current(PaneFixture.frame(Self.broken, cursor: status), flow: false)?.text == error)
      #expect(EventCaption.errors(before: 1, of: .device, in: events).isEmpty)
    }

    /// Two driver errors in a row (lesson 11: a bad used id, then the broken queue's refusal) are one caption.
    @Test func consecutiveErrorsShareTheCaption() throws {
      let step = PaneFixture.playback(
        setup: "queue size=4\ndriver add out=16 in=16\ndriver publish\ndriver kick\ndevice pop\ndevice push len=16",
        step: "poke used.ring[0].id=9\ndriver reclaim\nexpect error == used-id-out-of-range\ndriver add out=16\nexpect error == queue-broken")
      let errors = step.events.indices.filter { step.events[$0].kind == .error }
      try #require(errors.count == 2 && errors[1] == errors[0] + 1)
      let caption = try #require(EventCaption.current(PaneFixture.frame(step, cursor: errors[1] + 1), flow: false))
      #expect(caption.text == EventCaption(step.events[errors[0]]).text + " Then " + EventCaption(step.events[errors[1]]).text)
      #expect(caption.isError)
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

    /// The text of `area` of `screen` without blanks (the caption's wrapping does not matter, only that every
    /// character of it is there, in order); `area` is inside any box, so a `|` in it is the caption's own.
    static func squeezed(_ screen: CellGrid, _ area: Rect) -> String {
      var view = String.UnicodeScalarView()
      for y in area.y..<area.maxY {
        for x in area.x..<area.maxX {
          let c = screen[x, y].character
          if c != " " { view.append(c) }
        }
      }
      return String(view)
    }

    static func squeezed(_ text: String) -> String {
      String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != " " }))
    }

    @Test func aLongErrorCaptionIsWholeInTheBandAcrossThe80x24Screen() throws {
      let lesson = try #require(LessonParser.parse(text: """
        ---
        title: Rejects
        id: rejects
        order: 1
        ---
        ## A bad head

        The device reads a head past the table.

        ```virtio
        queue size=4
        driver add out=16
        driver publish
        poke avail.ring[0]=7
        device pop
        expect error == head-out-of-range
        ```
        """, file: "rejects.md").0)
      var state = TutorState(lessons: [lesson], step: 0, screen: Size(width: 80, height: 24))
      let error = try #require(state.stepPlayback.events.firstIndex { $0.kind == .error }) + 1
      state.show(event: error)
      let (layout, inBand) = TutorView.layout(for: state)
      #expect(inBand)
      #expect(layout.captionBand == Rect(x: 0, y: 23 - layout.captionBand.height, width: 80, height: layout.captionBand.height))
      let caption = EventCaption(state.stepPlayback.events[error - 1])
      let screen = TutorView.render(state)
      let lines = TextWrap.wrap(caption.text, width: 78)
      // Nine lines in the 36 columns of the log; whole in the band's 78.
      #expect(TextWrap.wrap(caption.text, width: 36).count > 5)
      #expect(lines.count >= 2 && lines.count <= layout.captionBand.height)
      for (i, line) in lines.enumerated() {
        #expect(PaneFixture.content(screen, row: layout.captionBand.y + i) == line)
        #expect(screen[1, layout.captionBand.y + i].style == Theme.dark.style(.error))
      }
      // The counters keep their rows; the lesson pane keeps every line of the step.
      #expect(screen.lines[layout.countersPane.y].contains("exits"))
      #expect(layout.lessonText.height >= LessonPane.lineCount(lesson: lesson, stepIndex: 0, width: layout.lessonText.width))
    }

    /// Every event and flow step of every shipped lesson at 80×24, 120×40 and 200×60: the layout the tutor's screen
    /// uses for it (``TutorView/layout(for:context:)``, the function ``TutorView/render(_:)`` draws with) puts its
    /// caption whole in the band or the event log (every character, in order, no `…`), the counters keep their box,
    /// and the step's text still fits its pane. The pane that holds the caption is drawn once per distinct caption,
    /// area and problem line (the same caption in the same rectangle draws the same cells), not the whole screen per
    /// event; `aLongErrorCaptionIsWholeInTheBandAcrossThe80x24Screen` checks a whole screen.
    @Test func noCaptionOfTheShippedLessonsIsCut() throws {
      let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
      var cut: [String] = []
      var checked = 0, banded = 0, drawn = 0
      var seen = Set<String>()
      for size in [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)] {
        for lesson in lessons {
          for index in lesson.steps.indices {
            var state = TutorState(lessons: lessons, lessonID: lesson.id, step: index, screen: size)
            let fitsAt80x24 = StepFit.check(lesson: lesson, stepIndex: index) == nil
            var textLines: (width: Int, count: Int)?
            for k in stride(from: 1, through: state.animationLength, by: 1) {
              state.show(event: k)
              let frame = FrameBuilder.frame(for: state)
              let context = PaneContext(frame: frame, theme: .dark, capabilities: .full)
              guard let caption = EventCaption.current(frame, flow: EventLogPane().showsFlow(frame)) else { continue }
              let (layout, inBand) = TutorView.layout(for: state, context: context)
              let area = inBand ? layout.captionBand : layout.eventLogPane
              checked += 1
              if inBand { banded += 1 }
              let at = "\(size.width)x\(size.height) \(lesson.id) step \(index + 1) event \(k)"
              if layout.countersPane.height != TutorLayout.countersHeight { cut.append("\(at): counters squeezed") }
              let width = layout.lessonText.width
              if textLines?.width != width {
                textLines = (width, LessonPane.lineCount(lesson: lesson, stepIndex: index, width: width))
              }
              if textLines!.count > layout.lessonText.height && fitsAt80x24 { cut.append("\(at): the step's text no longer fits") }
              let key = "\(inBand) \(area) \(frame.problem ?? "") \(caption.text)"
              guard seen.insert(key).inserted else { continue }
              drawn += 1
              var grid = CellGrid(size: size)
              if inBand {
                CaptionBand.render(in: area, into: &grid, context: context)
              } else {
                EventLogPane().render(in: area, into: &grid, context: context)
              }
              let shown = Self.squeezed(grid, inBand ? area : area.inset(by: 1))
              if !shown.contains(Self.squeezed(context.text(caption.text))) { cut.append("\(at): \(caption.text)") }
            }
          }
        }
      }
      #expect(checked > 3000)
      #expect(banded > 500)
      #expect(drawn < checked)
      #expect(cut == [])
    }
  }
}
