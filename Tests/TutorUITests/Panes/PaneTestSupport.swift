import Foundation
import TermGrid
import Testing
import VirtioCore
import VirtioFlows
import VirtioLessons
import VirtioScript

@testable import TutorUI

/// Builds frames from real engine runs for the pane tests.
enum PaneFixture {
  /// Pane boxes of the two reference layouts.
  static let small = TutorLayout(size: Size(width: 80, height: 24))
  static let large = TutorLayout(size: Size(width: 120, height: 40))

  /// Runs `setup` (the steps before) and then `step`, and returns the step's playback.
  static func playback(setup: String? = nil, step: String) -> StepPlayback {
    var session = ScriptSession(journaling: true)
    if let setup {
      session = StepPlayback(scripts: [script(setup)], from: session).after
    }
    return StepPlayback(scripts: [script(step)], from: session)
  }

  static func script(_ source: String) -> StepScript {
    StepScript(source: source, position: SourcePosition(file: "test.md", line: 1, column: 1))
  }

  /// The frame of `step` with `cursor` events played (nil: all) at `phase` (the lead's frame builder picks the
  /// engine snapshot and replays memory).
  static func frame(_ step: StepPlayback, cursor: Int? = nil, phase: Int = VisualFrame.phases - 1) -> VisualFrame {
    let events = step.events
    let cursor = min(cursor ?? events.count, events.count)
    let (session, memory) = FrameBuilder.snapshot(step, eventCursor: cursor, phaseDone: phase >= VisualFrame.phases - 1)
    let flowCursor = step.flow?.steps.count ?? 0
    let rows = FrameBuilder.counterRows(step, session: session, flowCursor: flowCursor)
    return VisualFrame(
      session: session, memory: memory, events: events, cursor: cursor, phase: phase, flow: step.flow,
      flowCursor: flowCursor, compareRuns: FrameBuilder.compareRuns(step.after), counterRows: rows,
      problem: step.problem?.description)
  }

  /// A frame showing flow step `flowCursor` of the step's flow at `phase`.
  static func flowFrame(_ step: StepPlayback, flowCursor: Int, phase: Int) -> VisualFrame {
    var frame = self.frame(step)
    frame.flowCursor = flowCursor
    frame.phase = phase
    if let run = step.flow, flowCursor > 0, flowCursor <= run.steps.count {
      frame.phaseCount = VisualFrame.phases(forHops: run.steps[flowCursor - 1].hops.count)
    }
    frame.counterRows = FrameBuilder.counterRows(step, session: step.after, flowCursor: flowCursor)
    return frame
  }

  /// An empty frame: no queue, no events.
  static var empty: VisualFrame {
    VisualFrame(
      session: ScriptSession(), memory: nil, events: [], cursor: 0, phase: 0, flow: nil, flowCursor: 0, compareRuns: [],
      counterRows: [], problem: nil)
  }

  static func context(
    _ frame: VisualFrame, theme: Theme = .dark, capabilities: TerminalCapabilities = .full, focused: Bool = false
  ) -> PaneContext {
    PaneContext(frame: frame, theme: theme, capabilities: capabilities, focused: focused)
  }

  /// Renders a pane alone into a grid the size of `rect`.
  static func render(
    _ rect: Rect, context: PaneContext, _ draw: (Rect, inout CellGrid, PaneContext) -> Void
  ) -> CellGrid {
    var grid = CellGrid(size: rect.size)
    draw(Rect(size: rect.size), &grid, context)
    return grid
  }

  /// Whether every cell holds a printable ASCII character.
  static func isASCII(_ grid: CellGrid) -> Bool {
    grid.cells.allSatisfy { $0.character.value >= 0x20 && $0.character.value < 0x7F }
  }

  /// The column where `text` first occurs in row `y`.
  static func column(of text: String, in grid: CellGrid, row y: Int) -> Int? {
    let line = grid.lines[y]
    guard let range = line.range(of: text), let start = range.lowerBound.samePosition(in: line.unicodeScalars) else {
      return nil
    }
    return line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: start)
  }

  /// The cells of row `y` under the first occurrence of `text`.
  static func cells(of text: String, in grid: CellGrid, row y: Int) -> [Cell]? {
    guard let x = column(of: text, in: grid, row: y) else { return nil }
    return (x..<x + text.unicodeScalars.count).map { grid[$0, y] }
  }

  /// Row `y` inside a box: without the border columns and trailing spaces.
  static func content(_ grid: CellGrid, row y: Int) -> String {
    var scalars = Array(grid.lines[y].unicodeScalars.dropFirst())
    if scalars.last == "│" || scalars.last == "|" { scalars.removeLast() }
    while scalars.last == " " { scalars.removeLast() }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars)
    return String(view)
  }

  /// Prints a grid as a Swift array literal (to write goldens).
  static func literal(_ grid: CellGrid) -> String {
    "[\n"
      + grid.lines.map {
        "  \"\($0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\","
      }.joined(separator: "\n") + "\n]"
  }
}

/// All pane suites live under this one, so `swift test --filter Panes` runs them all.
@Suite enum Panes {}

/// Scenarios the golden tests share.
enum PaneScenario {
  /// Two chains published and kicked; this step the device pops one, pushes it and interrupts.
  static let ring = PaneFixture.playback(
    setup: """
      queue size=8 features=event_idx
      driver add out=64 in=512
      driver add out=100
      driver publish
      driver kick
      """,
    step: """
      device pop
      device push len=200
      device interrupt
      """)

  /// The cursor just after the first event touching `field`.
  static func cursor(at field: RingField, in step: StepPlayback = ring) -> Int {
    (step.events.firstIndex { $0.field == field } ?? 0) + 1
  }

  /// The emulated NIC sending 2 bytes.
  static let emulated = PaneFixture.playback(step: "flow emulated bytes=2")

  /// The three NIC flows compared.
  static let compare = PaneFixture.playback(step: "flow compare")
}
