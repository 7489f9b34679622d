import Foundation
import TermGrid
import Testing
import VirtioLessons

@testable import TutorUI

extension Panes {
  /// Issue 12 item 3 on shipped steps, mid-step: at 80×24 the windowed avail column keeps the device's next slot
  /// (`▸`) in view at every event, and at 120×40 a row of live slots leaves the descriptor table the rows its lines
  /// do not use.
  @Suite struct RingWindowSweepTests {
    static func picture(_ state: TutorState) -> [String] {
      let box = TutorView.layout(for: state).layout.visualPane
      let grid = TutorView.render(state)
      return (box.y + 1..<box.maxY - 1).map { y in
        String(String.UnicodeScalarView((box.x + 1..<box.maxX - 1).map { grid[$0, y].character }))
      }
    }

    static func step(_ lessons: [Lesson], _ order: Int, titled title: String) throws -> (Lesson, Int) {
      let lesson = try #require(lessons.first { $0.meta.order == order })
      return (lesson, try #require(lesson.steps.firstIndex { $0.title == title }))
    }

    /// The steps whose mid-step frames hid `▸` behind the column's `…` (lesson 2 step 10, 8 events; lesson 8 steps 9
    /// and 10, 11; lesson 15 step 3, 29): the avail slot the device takes next stays on screen at every event.
    @Test func theNextSlotMarkerStaysInViewAt80x24() throws {
      let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
      let steps = [
        try Self.step(lessons, 2, titled: "Batch, then kick"), try Self.step(lessons, 15, titled: "The receive queue is full"),
      ] + (try #require(lessons.first { $0.meta.order == 8 }).steps.indices.filter { $0 == 8 || $0 == 9 }.map { (lessons.first { $0.meta.order == 8 }!, $0) })
      var missing: [String] = []
      for (lesson, index) in steps {
        var state = TutorState(lessons: lessons, lessonID: lesson.id, step: index, screen: Size(width: 80, height: 24))
        for event in 1...max(1, state.animationLength) {
          state.show(litEvent: event)
          let rows = Self.picture(state)
          guard rows.first?.hasPrefix("avail") == true else { continue }
          let body = rows.dropFirst().filter { !$0.contains("idx") }
          if !body.contains(where: { $0.contains("▸") }) { missing.append("\(lesson.id) step \(index + 1) event \(event)") }
        }
      }
      #expect(missing == [])
    }

    /// Lesson 15's "Two packets arrive" at 120×40: 6 slots live, each line needs a band row; the table keeps the
    /// rows the lines do not take (mid-step it showed desc 0–2 and `…` over five blank rows), and every band row
    /// holds a line.
    @Test func theTableGetsTheRowsTheLinesDoNotUseAt120x40() throws {
      let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
      let (lesson, index) = try Self.step(lessons, 15, titled: "Two packets arrive")
      let state = TutorState(lessons: lessons, lessonID: lesson.id, step: index, screen: Size(width: 120, height: 40))
      let rows = Self.picture(state)
      let descs = rows.filter { $0.range(of: "[0-7][ ◆●]0x", options: .regularExpression) != nil }
      let linked = rows.filter { $0.range(of: "▶[0-7][ ◆●]0x", options: .regularExpression) != nil }
      #expect(descs.count >= 6, "\(rows.joined(separator: "\n"))")
      let head = try #require(rows.firstIndex { $0.contains(" desc ") })
      let slot = try #require(rows.firstIndex { $0.hasPrefix("slot") })
      #expect(head - slot - 2 == linked.count, "one band row per line drawn")
    }

    /// The descriptors a table shows: `k 0x…` rows and `a–b free` rows, between the column heads and the used line.
    static func descriptorsShown(_ rows: [String]) -> (indices: Set<Int>, cut: Bool) {
      guard let head = rows.firstIndex(where: { $0.contains(" desc ") }),
        let used = rows.firstIndex(where: { $0.hasPrefix("used") }), head < used
      else { return ([], true) }
      // The column of the descriptor indices, under the heads' `desc`.
      let column = rows[head].distance(from: rows[head].startIndex, to: rows[head].range(of: " desc ")!.lowerBound) + 1
      var shown = Set<Int>()
      var cut = false
      for row in rows[(head + 1)..<used] {
        if let r = row.range(of: "[0-9]+[ ◆●]0x", options: .regularExpression), let k = Int(row[r].prefix { $0.isNumber }) {
          shown.insert(k)
        } else if let r = row.range(of: "[0-9]+–[0-9]+ free", options: .regularExpression) {
          let bounds = row[r].dropLast(5).split(separator: "–").compactMap { Int($0) }
          if bounds.count == 2, bounds[0] <= bounds[1] { shown.formUnion(bounds[0]...bounds[1]) }
        } else if let gap = row.firstIndex(of: "…"), abs(row.distance(from: row.startIndex, to: gap) - column) <= 2 {
          cut = true  // the table's `…` (a `…` further right is the used column's)
        }
      }
      return (shown, cut)
    }

    /// Lesson 15's queue of 8 at 120×40, every event of its steps with up to 8 chains in flight: the whole table is
    /// on screen (desc 0–7, no `…`); the spacer rows and then the legend make room for it (the settled "The receive
    /// queue is full" showed desc 3–7 under `…`).
    @Test func aQueueOfEightIsWholeAt120x40() throws {
      let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
      var wrong: [String] = []
      for title in ["The receive queue is full", "Why some buffers are bigger", "Two packets arrive"] {
        let (lesson, index) = try Self.step(lessons, 15, titled: title)
        var state = TutorState(lessons: lessons, lessonID: lesson.id, step: index, screen: Size(width: 120, height: 40))
        for event in state.startCursor...max(state.startCursor, state.animationLength) {
          state.show(litEvent: event)
          let rows = Self.picture(state)
          guard rows.first?.hasPrefix("avail") == true else { continue }
          let (shown, cut) = Self.descriptorsShown(rows)
          if shown != Set(0..<8) || cut { wrong.append("\(title) event \(event): \(shown.sorted())\(cut ? " …" : "")") }
        }
      }
      #expect(wrong == [])
    }
  }
}
