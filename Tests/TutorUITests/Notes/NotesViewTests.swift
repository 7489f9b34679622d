import Foundation
import TermGrid
import Testing
@testable import TutorUI
import VirtioLessons

/// The presenter's published state and the `notes` screen: a pure frame from values, against golden files in
/// `Screens/` (a missing golden is recorded and the test fails; `RECORD_SNAPSHOTS=1` re-records), and its lines.
@Suite struct NotesViewTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Screens")

  static let lessonText = """
    ---
    title: Talk
    id: talk
    order: 1
    setup: queue size=8
    ---
    ## Opening

    Hello.

    <!-- note: Welcome everyone. Ask who has written a driver. -->
    <!-- note:
      Second note, two lines:
      keep it short.
    -->

    ## The ring

    ```virtio
    driver add out=64
    ```

    ## The end

    Bye.
    """

  static func lessons() -> [Lesson] {
    let (lesson, diagnostics) = LessonParser.parse(text: lessonText, file: "talk.md")
    precondition(diagnostics.filter(\.isError).isEmpty, "\(diagnostics)")
    return [lesson!] + AppFixtures.lessons()
  }

  func matchesGolden(_ actual: String, _ name: String) throws {
    let file = Self.directory.appendingPathComponent(name)
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    guard !record, let golden = try? String(contentsOf: file, encoding: .utf8) else {
      try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
      try actual.write(to: file, atomically: true, encoding: .utf8)
      Issue.record("recorded new baseline \(name); review it and run again")
      return
    }
    #expect(actual == golden, "\(name) differs; run with RECORD_SNAPSHOTS=1 to re-record")
  }

  @Test func theStateNamesTheStepItsNotesAndWhatComesNext() {
    var state = TutorState(lessons: Self.lessons())
    let first = PresenterState(state, lessonStarted: 100, talkStarted: 50)
    #expect(first.lessonID == "talk" && first.lesson == 1 && first.lessonCount == 3)
    #expect(first.step == 1 && first.stepCount == 3 && first.stepTitle == "Opening")
    #expect(first.notes == ["Welcome everyone. Ask who has written a driver.", "Second note, two lines:\nkeep it short."])
    #expect(first.next == "Step 2: The ring")
    _ = TutorReducer.reduce(&state, .keyPressed(.pageDown))
    _ = TutorReducer.reduce(&state, .keyPressed(.pageDown))
    let last = PresenterState(state, lessonStarted: 100, talkStarted: 50)
    #expect(last.step == 3 && last.notes.isEmpty)
    #expect(last.next == "Lesson 2: Ring basics, step 1: Ring basics")
    #expect(!last.samePlace(as: first))
    var later = first
    later.sequence = 9
    #expect(later.samePlace(as: first))
  }

  @Test func hugeNotesAreCutSoOneMessageStaysBounded() {
    let text = Self.lessonText.replacingOccurrences(of: "Welcome everyone.", with: Array(repeating: String(repeating: "x", count: 5_000), count: 8).joined(separator: "\n"))
    let (lesson, diagnostics) = LessonParser.parse(text: text, file: "talk.md")
    #expect(diagnostics.filter(\.isError).isEmpty, "\(diagnostics)")
    let state = PresenterState(TutorState(lessons: [lesson!]), lessonStarted: 0, talkStarted: 0)
    #expect(state.notes.map(\.count).reduce(0, +) == PresenterState.maximumNotesCharacters)
  }

  func model(_ state: TutorState?, connected: Bool = true) -> NotesView.Model {
    NotesView.Model(
      presenter: state.map { PresenterState($0, lessonStarted: 1_000, talkStarted: 400) }, connected: connected,
      now: 1_133, socketPath: "/run/user/1000/virtio-tutor/presenter.sock")
  }

  @Test func theNotesScreenMatchesItsGoldens() throws {
    let state = TutorState(lessons: Self.lessons())
    try matchesGolden(
      NotesView.render(model(state), size: Size(width: 80, height: 24), theme: .dark, capabilities: .full).text + "\n",
      "notes-80x24.screen")
    try matchesGolden(
      NotesView.render(model(state, connected: false), size: Size(width: 60, height: 12), theme: .projector, capabilities: .minimal).text + "\n",
      "notes-gone-ascii-60x12.screen")
    try matchesGolden(
      NotesView.render(model(nil, connected: false), size: Size(width: 80, height: 24), theme: .dark, capabilities: .full).text + "\n",
      "notes-waiting-80x24.screen")
  }

  @Test func clocksCountFromThePresentersReadingsAndTheTimerRestarts() {
    var m = model(TutorState(lessons: Self.lessons()))
    #expect(m.lessonSeconds == 133 && m.timerSeconds == 733)
    #expect(NotesView.clock(733) == "12:13" && NotesView.clock(3_725) == "1:02:05" && NotesView.clock(-5) == "00:00")
    m.timerStarted = 1_130
    #expect(m.timerSeconds == 3)
  }

  @Test func withoutATerminalEachStateIsAFewLines() {
    #expect(NotesView.lines(model(TutorState(lessons: Self.lessons()))) == [
      "Lesson 1/3, step 1/3: Opening",
      "  Welcome everyone. Ask who has written a driver.",
      "  Second note, two lines:",
      "  keep it short.",
      "Next: Step 2: The ring",
      "Lesson 02:13, timer 12:13",
    ])
    #expect(NotesView.lines(model(nil)) == ["Waiting for the presenter at /run/user/1000/virtio-tutor/presenter.sock."])
  }

  @Test func everySizeDrawsWithinTheGrid() {
    let state = TutorState(lessons: Self.lessons())
    for size in [Size(width: 0, height: 0), Size(width: 1, height: 1), Size(width: 19, height: 4), Size(width: 20, height: 5), Size(width: 200, height: 60)] {
      #expect(NotesView.render(model(state), size: size, theme: .dark, capabilities: .full).size == size)
    }
  }
}
