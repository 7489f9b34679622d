import Foundation
import TermGrid
import Testing
import VirtioLessons

@testable import TutorUI

extension Panes {
  /// Every step of every shipped lesson at 80×24, 120×40 and 200×60, as the screen shows it when the step has
  /// played: no text in the title bar, the lesson pane's title, the picture or the counters ends in a cut (`…`
  /// right after a letter or digit at the end of its box's row), and no picture is empty. `…` standing for rows
  /// left out, a buffer's first bytes (`[R 16 11 12…]`) and ranges (`2…20`) are not cuts: they do not end a row.
  @Suite struct PaneCutSweepTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    /// The places in `row` of `screen` (from `x` for `width` cells) where text ends in `…` at the row's end: the
    /// cell before the end is `…`, the cell before it neither blank nor a box glyph.
    static func cuts(_ screen: CellGrid, row y: Int, x: Int, width: Int) -> String? {
      guard width >= 2 else { return nil }
      var last = x + width - 1
      while last > x, screen[last, y].character == " " { last -= 1 }
      guard screen[last, y].character == "…", last > x else { return nil }
      let before = screen[last - 1, y].character
      if before == " " || "─│┌┐└┘├┤┬┴┼".unicodeScalars.contains(before) { return nil }
      return String(String.UnicodeScalarView((x..<x + width).map { screen[$0, y].character }))
    }

    /// Whether the box's inside (its rows between the borders) has nothing but blanks.
    static func isEmpty(_ screen: CellGrid, _ box: Rect) -> Bool {
      for y in box.y + 1..<box.maxY - 1 {
        for x in box.x + 1..<box.maxX - 1 where screen[x, y].character != " " { return false }
      }
      return true
    }

    /// The cuts and empty pictures of one screen, each named with `at`: in the title bar, the step title, the picture,
    /// the counters, the event log's rows (its earlier entries and, when it holds it, the caption) and the caption band.
    /// A row of the event log in `current` (the current entry's highlight) is exempt: an entry taller than the whole
    /// log is cut there, and the caption (checked too) has its sentence whole.
    static func problems(
      _ screen: CellGrid, layout: TutorLayout, at: String, noPicture: Bool, current: Style = Theme.dark.style(.current)
    ) -> [String] {
      var found: [String] = []
      if let line = cuts(screen, row: layout.titleBar.y, x: layout.titleBar.x, width: layout.titleBar.width) {
        found.append("\(at): title bar cut: \(line)")
      }
      let lessonTop = layout.lessonPane
      if let line = cuts(screen, row: lessonTop.y, x: lessonTop.x, width: lessonTop.width - 2) {
        found.append("\(at): step title cut: \(line)")
      }
      for (name, box) in [("picture", layout.visualPane), ("counters", layout.countersPane)] where box.height > 2 {
        for y in box.y..<box.maxY - 1 {
          if let line = cuts(screen, row: y, x: box.x + 1, width: box.width - 2) { found.append("\(at): \(name) cut: \(line)") }
        }
      }
      let log = layout.eventLogPane
      if log.height > 2 {
        for y in log.y + 1..<log.maxY - 1 where screen[log.x + 1, y].style != current {
          if let line = cuts(screen, row: y, x: log.x + 1, width: log.width - 2) { found.append("\(at): log cut: \(line)") }
        }
      }
      let band = layout.captionBand
      for y in band.y..<band.maxY {
        if let line = cuts(screen, row: y, x: band.x, width: band.width) { found.append("\(at): caption cut: \(line)") }
      }
      if !noPicture, layout.visualPane.height > 2, isEmpty(screen, layout.visualPane) {
        found.append("\(at): empty picture")
      }
      return found
    }

    /// The problems of `state`'s screen, named with `at`.
    static func problems(_ state: TutorState, at: String) -> [String] {
      let (layout, _) = TutorView.layout(for: state)
      let step = state.lesson.steps[state.stepIndex]
      return problems(TutorView.render(state), layout: layout, at: at, noPicture: step.noPictureReason != nil)
    }

    /// Progress with every exercise of `lessons` answered, so a step held for its exercise plays whole.
    static func answered(_ lessons: [Lesson]) -> LearnerProgress {
      var progress = LearnerProgress()
      for lesson in lessons {
        for (i, step) in lesson.steps.enumerated() where step.exercise != nil {
          progress.exercises[LearnerProgress.exerciseKey(lesson: lesson.id, step: i)] = .init(attempts: 1, correct: true)
        }
      }
      return progress
    }

    /// The events of a step of `count` events the mid-animation sweep shows: all of them up to ``everyEventUpTo``;
    /// beyond that (the 64-packet runs' hundreds of flow steps, the long ring steps) the first and last 12 and every
    /// `count / 24`-th between, the same ones every run.
    static func sampled(_ count: Int) -> [Int] {
      guard count > everyEventUpTo else { return Array(stride(from: 1, through: count, by: 1)) }
      let step = max(1, count / 24)
      return Array(Set(Array(1...12) + Array(count - 11...count) + Array(stride(from: 13, to: count - 11, by: step)))).sorted()
    }
    static let everyEventUpTo = 80

    @Test func aCutAtARowsEndIsFoundAndOthersAreNot() {
      var grid = CellGrid(size: Size(width: 12, height: 4))
      grid.put("│avail.ide…│", at: Point(x: 0, y: 0))
      grid.put("│R 16 11…] │", at: Point(x: 0, y: 1))
      grid.put("│…         │", at: Point(x: 0, y: 2))
      grid.put("│2…20  x   │", at: Point(x: 0, y: 3))
      #expect(Self.cuts(grid, row: 0, x: 1, width: 10) == "avail.ide…")
      for y in 1...3 { #expect(Self.cuts(grid, row: y, x: 1, width: 10) == nil) }
    }

    @Test func noShippedStepIsCutOrEmptyAtTheThreeSizes() throws {
      let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
      var problems: [String] = []
      var screens = 0
      for size in Self.sizes {
        for lesson in lessons {
          for index in lesson.steps.indices {
            let state = TutorState(lessons: lessons, lessonID: lesson.id, step: index, screen: size)
            let (layout, _) = TutorView.layout(for: state)
            let screen = TutorView.render(state)
            screens += 1
            let at = "\(size.width)x\(size.height) \(lesson.id) step \(index + 1)"
            problems += Self.problems(screen, layout: layout, at: at, noPicture: lesson.steps[index].noPictureReason != nil)
          }
        }
      }
      #expect(screens > 400)
      #expect(problems == [], "\(problems.count) problems:\n\(problems.joined(separator: "\n"))")
    }

    @Test func everyAnsweredStepIsWholeAtTheThreeSizes() throws {
      // A step held for its exercise shows its prelude above (noShippedStepIsCutOrEmptyAtTheThreeSizes); answered,
      // it plays its whole scripts, which the screen must hold as well.
      let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
      let progress = Self.answered(lessons)
      var problems: [String] = []
      var screens = 0
      for size in Self.sizes {
        for lesson in lessons {
          for index in lesson.steps.indices where lesson.steps[index].exercise != nil {
            let state = TutorState(lessons: lessons, progress: progress, lessonID: lesson.id, step: index, screen: size)
            screens += 1
            problems += Self.problems(state, at: "\(size.width)x\(size.height) \(lesson.id) step \(index + 1) answered")
          }
        }
      }
      #expect(screens > 100)
      #expect(problems == [], "\(problems.count) problems:\n\(problems.joined(separator: "\n"))")
    }

    @Test func everyEventsFrameIsWholeAt80x24And120x40() throws {
      // Mid-animation: each event's frame as `render --event N` shows it (the event's field "now"), exercises
      // answered so held steps play whole; steps of more than `everyEventUpTo` events are sampled (`sampled`).
      let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
      let progress = Self.answered(lessons)
      var problems: [String] = []
      var screens = 0
      for size in Self.sizes.prefix(2) {
        for lesson in lessons {
          for index in lesson.steps.indices {
            var state = TutorState(lessons: lessons, progress: progress, lessonID: lesson.id, step: index, screen: size)
            for event in Self.sampled(state.animationLength) {
              state.show(litEvent: event)
              screens += 1
              problems += Self.problems(state, at: "\(size.width)x\(size.height) \(lesson.id) step \(index + 1) event \(event)")
            }
          }
        }
      }
      #expect(screens > 2000)
      #expect(problems == [], "\(problems.count) problems:\n\(problems.prefix(60).joined(separator: "\n"))")
    }

    @Test func theSampleCoversShortStepsWholeAndLongOnesAtBothEnds() {
      #expect(Self.sampled(3) == [1, 2, 3])
      #expect(Self.sampled(Self.everyEventUpTo) == Array(1...Self.everyEventUpTo))
      let long = Self.sampled(700)
      #expect(Array(long.prefix(12)) == Array(1...12) && Array(long.suffix(12)) == Array(689...700))
      #expect(long.count < 60 && long == long.sorted())
    }
  }
}
