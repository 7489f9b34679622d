import Foundation
import TermGrid
import Testing
@testable import TutorUI

/// Whole screens, exactly as the terminal shows them (and `virtio-tutor render` prints), against golden files in
/// `Screens/`. A missing golden is recorded and the test fails with "recorded new baseline"; set
/// `RECORD_SNAPSHOTS=1` to re-record after an intended change, then review the diff.
@Suite struct ScreenGoldenTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Screens")

  struct Case: CustomStringConvertible, Sendable {
    let name: String
    let lesson: String
    let step: Int
    let event: Int?
    let overlay: String?
    var description: String { name }
  }

  static let cases: [Case] = [
    Case(name: "ring-settled", lesson: "ring-basics", step: 1, event: nil, overlay: nil),
    Case(name: "ring-mid-animation", lesson: "ring-basics", step: 2, event: 14, overlay: nil),
    Case(name: "memory", lesson: "ring-basics", step: 3, event: 6, overlay: nil),
    Case(name: "flow", lesson: "three-ways", step: 0, event: 5, overlay: nil),
    Case(name: "compare", lesson: "three-ways", step: 1, event: nil, overlay: nil),
    Case(name: "help", lesson: "ring-basics", step: 0, event: nil, overlay: "help"),
    Case(name: "exercise", lesson: "ring-basics", step: 2, event: nil, overlay: "exercise"),
    Case(name: "index", lesson: "ring-basics", step: 0, event: nil, overlay: "index"),
    Case(name: "review", lesson: "ring-basics", step: 2, event: nil, overlay: "review"),
  ]

  static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

  func screen(_ c: Case, _ size: Size) throws -> String {
    var state = AppFixtures.state(step: c.step, size: size, lesson: c.lesson)
    // A mid-animation screen of an exercise step: the exercise skipped, so the step plays (ExerciseHoldTests).
    if let event = c.event {
      state.skipExercise()
      state.show(event: event)
    }
    if let overlay = c.overlay { try state.open(overlayNamed: overlay) }
    return TutorView.render(state).text + "\n"
  }

  @Test(arguments: cases, sizes)
  func screenMatchesGolden(_ c: Case, _ size: Size) throws {
    let actual = try screen(c, size)
    let file = Self.directory.appendingPathComponent("\(c.name)-\(size.width)x\(size.height).screen")
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    guard !record, let golden = try? String(contentsOf: file, encoding: .utf8) else {
      try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
      try actual.write(to: file, atomically: true, encoding: .utf8)
      Issue.record("recorded new baseline \(file.lastPathComponent); review it and run again")
      return
    }
    #expect(actual == golden, "\(file.lastPathComponent) differs; run with RECORD_SNAPSHOTS=1 to re-record")
  }

  @Test func tooSmallScreensSayWhatTheyNeedDownToOneCell() {
    for size in [Size(width: 79, height: 24), Size(width: 80, height: 23), Size(width: 20, height: 5), Size(width: 1, height: 1), Size(width: 0, height: 0)] {
      let grid = TutorView.render(AppFixtures.state(size: size))
      #expect(grid.size == size)
      if size.width >= 40 { #expect(grid.text.contains("too small: need 80×24, have \(size.width)×\(size.height)")) }
    }
  }

  @Test func noColorKeepsAttributesSoStatesStayVisible() {
    var state = AppFixtures.state(step: 1)
    state.capabilities = TerminalCapabilities(unicode: true, color: false)
    let grid = TutorView.render(state)
    let styles = (0..<grid.size.height).flatMap { y in grid.runs(row: y).map { state.capabilities.effective($0.style) } }
    #expect(styles.allSatisfy { $0.fg == .default && $0.bg == .default })
    #expect(styles.contains { $0.reverse })  // title bar, status line, current item
    #expect(styles.contains { $0.bold })
  }

  @Test func asciiScreensAreASCII() {
    var state = AppFixtures.state(step: 1)
    state.capabilities = .minimal
    let text = TutorView.render(state).text
    #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
  }
}
