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

    /// The cuts and empty pictures of one screen, each named with `at`.
    static func problems(_ screen: CellGrid, layout: TutorLayout, at: String, noPicture: Bool) -> [String] {
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
      if !noPicture, layout.visualPane.height > 2, isEmpty(screen, layout.visualPane) {
        found.append("\(at): empty picture")
      }
      return found
    }

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
  }
}
