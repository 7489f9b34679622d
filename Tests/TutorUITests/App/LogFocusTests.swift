import Foundation
import TermGrid
import Testing
import VirtioLessons

@testable import TutorUI

/// `f` gives the event log the scrolling keys; `S` jumps to the end of the step.
@Suite struct LogFocusTests {
  func press(_ state: inout TutorState, _ keys: Key...) {
    for key in keys { _ = TutorReducer.reduce(&state, .keyPressed(key)) }
  }

  func logTitle(_ state: TutorState) -> String {
    let grid = TutorView.render(state)
    let box = TutorLayout(size: state.screen).eventLogPane
    return String(grid.lines[box.y].unicodeScalars.dropFirst(box.x).prefix(box.width))
  }

  @Test func theFocusedLogScrollsBackThroughTheStepsEvents() {
    var state = AppFixtures.state(step: 1, size: Size(width: 120, height: 40))
    let events = state.animationLength
    #expect(events >= 2)
    #expect(logTitle(state).contains("events \(events)/\(events)"))
    let box = TutorLayout(size: state.screen).eventLogPane
    #expect(TutorView.render(state)[box.x, box.y].style == Theme.dark.style(.border))

    press(&state, .character("f"))
    #expect(state.focus == .log)
    #expect(TutorView.render(state)[box.x, box.y].style == Theme.dark.style(.borderFocused))
    let lesson = TutorLayout(size: state.screen).lessonPane
    #expect(TutorView.render(state)[lesson.x, lesson.y].style == Theme.dark.style(.border))

    press(&state, .up)
    #expect(state.logScroll == 1)
    #expect(state.scroll == 0)  // the lesson text did not move
    #expect(logTitle(state).contains("events \(events)/\(events) ↑1"))
    for _ in 0...events { press(&state, .character("k")) }
    #expect(state.logScroll == events - 1)  // the first entry stays on screen
    press(&state, .down)
    #expect(state.logScroll == events - 2)
    press(&state, .character("f"))
    #expect(state.focus == .lesson)
    press(&state, .right)
    #expect(state.logScroll == 0)  // a new step starts at its newest entry
  }

  /// At 80×24 a flow's entries need 3–4 lines in the 36-column log: focused and scrolled back, the log grows (from
  /// the picture) until the entry it is scrolled to is whole, and no row of it ends in `…`.
  @Test func theFocusedLogShowsTheEntryItIsScrolledToWhole() throws {
    let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
    let lesson = try #require(lessons.first { $0.meta.order == 12 })
    let step = try #require(lesson.steps.firstIndex { $0.title.hasPrefix("ioeventfd on") })
    var state = TutorState(lessons: lessons, lessonID: lesson.id, step: step, screen: Size(width: 80, height: 24))
    press(&state, .character("f"), .up, .up)
    let flow = try #require(state.stepPlayback.flow)
    let selected = flow.steps[state.animationLength - 3].summary
    let (layout, _) = TutorView.layout(for: state)
    #expect(layout.eventLogPane.height > TutorView.layout(for: TutorState(lessons: lessons, lessonID: lesson.id, step: step, screen: state.screen)).layout.eventLogPane.height)
    let grid = TutorView.render(state)
    let box = layout.eventLogPane
    let rows = (box.y + 1..<box.maxY - 1).map { y in
      String(String.UnicodeScalarView((box.x + 1..<box.maxX - 1).map { grid[$0, y].character })).trimmingCharacters(in: .whitespaces)
    }
    #expect(!rows.contains { $0.hasSuffix("…") })
    let words = rows.joined(separator: " ").split(separator: " ").joined(separator: " ")
    #expect(words.contains(selected.split(separator: " ").joined(separator: " ")), "\(rows)")
  }

  @Test func shiftSJumpsToTheEndOfTheStepAndPauses() {
    var state = AppFixtures.state(step: 1)
    press(&state, .character("r"))
    #expect(state.cursor == 0 && state.play.isPlaying)
    press(&state, .character("S"))
    #expect(state.isSettled)
    #expect(!state.play.isPlaying)
    #expect(state.nextTick == nil)
  }

  @Test func aPausedStepSaysHowToPlayItNotToSkipIt() {
    var state = AppFixtures.state(step: 1, size: Size(width: 120, height: 40))
    press(&state, .character("s"))  // pause
    press(&state, .character("r"))  // replay plays again
    press(&state, .character("s"))  // pause at 0
    #expect(!state.play.isPlaying)
    #expect(state.cursor == 0)
    #expect(TutorView.render(state).text.contains("nothing yet: s plays the step, e one event"))
  }

  static let manyKicks = """
    ---
    title: Many kicks
    id: many-kicks
    order: 1
    ---
    ## 64 packets, one kick each

    <!-- view: flow -->

    ```virtio
    flow virtio packets=64 event-idx=off
    ```
    """

  @Test func aStepWithHundredsOfEventsPlaysTheFirstThenItsEnd() throws {
    let lesson = try #require(LessonParser.parse(text: Self.manyKicks, file: "many.md").0)
    var state = TutorState(lessons: [lesson], step: 0, screen: Size(width: 120, height: 40))
    #expect(state.animationLength > PlayState.summaryThreshold)
    press(&state, .character("r"))
    var ticks = 0
    while state.nextTick != nil && ticks < 10_000 {
      _ = TutorReducer.reduce(&state, .ticked)
      ticks += 1
    }
    #expect(state.isSettled)
    let played = state.stepPlayback.flow!.steps.prefix(PlayState.summaryPlayed)
    #expect(ticks == played.map { VisualFrame.phases(forHops: $0.hops.count) }.reduce(0, +) + 1)
    #expect(state.notice?.hasPrefix("played \(PlayState.summaryPlayed) of \(state.animationLength) flow steps, then the end") == true)
    // The keys that step through are the key table's, `,` (back one hop) with the others.
    let row = try #require(KeyTable.row(for: .stepHopBack))
    #expect(row.label.contains(","))
    #expect(state.notice?.hasSuffix("(all logged and counted; \(row.label) step through)") == true)
    #expect(state.notice?.contains("e ,  E ]  [ step through") == true)
    // Stepping still visits every event.
    press(&state, .character("["), .character("["))
    #expect(state.cursor == state.animationLength - 2)
  }
}
