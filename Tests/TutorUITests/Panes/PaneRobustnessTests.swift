import TermGrid
import Testing
import VirtioCore

@testable import TutorUI

extension Panes {
  /// Every pane, for every area and frame: nothing traps, nothing is drawn outside the area, and ASCII terminals get
  /// ASCII only.
  @Suite struct PaneRobustnessTests {
    typealias Draw = @Sendable (Rect, inout CellGrid, PaneContext) -> Void

    static let panes: [(String, Draw)] = [
      ("ring", { RingPane().render(in: $0, into: &$1, context: $2) }),
      ("memory", { MemoryPane().render(in: $0, into: &$1, context: $2) }),
      ("flow", { FlowPane().render(in: $0, into: &$1, context: $2) }),
      ("compare", { ComparePane().render(in: $0, into: &$1, context: $2) }),
      ("counters", { CountersPane().render(in: $0, into: &$1, context: $2) }),
      ("log", { EventLogPane().render(in: $0, into: &$1, context: $2) }),
    ]

    static let frames: [(String, VisualFrame)] = {
      var frames: [(String, VisualFrame)] = [("empty", PaneFixture.empty)]
      frames.append(("ring", RingPaneTests.pushing))
      var beyond = RingPaneTests.pushing
      beyond.cursor = 10_000
      beyond.phase = 99
      frames.append(("cursor past the end", beyond))
      var before = RingPaneTests.pushing
      before.cursor = -5
      before.phase = -1
      before.flowCursor = -3
      frames.append(("negative cursor", before))
      let one = PaneFixture.playback(
        step: "queue size=1 features=event_idx,indirect_desc\ndriver add out=4 in=4\ndriver publish\ndevice pop")
      frames.append(("size 1", PaneFixture.frame(one, cursor: 5, phase: 1)))
      let big = PaneFixture.playback(step: "queue size=32768\ndriver add out=4 in=4\ndriver publish")
      frames.append(("size 32768", PaneFixture.frame(big, cursor: 8, phase: 1)))
      let poked = PaneFixture.playback(
        setup: "queue size=4\ndriver add out=8 in=8\ndriver publish",
        step: "poke desc[0].next=9\ndevice pop\nexpect error == next-out-of-range")
      frames.append(("poked", PaneFixture.frame(poked)))
      for cursor in [-1, 0, 3, 10_000] {
        frames.append(("flow \(cursor)", PaneFixture.flowFrame(PaneScenario.emulated, flowCursor: cursor, phase: 2)))
      }
      frames.append(("compare", PaneFixture.frame(PaneScenario.compare)))
      frames.append(("problem", PaneFixture.frame(PaneFixture.playback(step: "queue size=3"))))
      return frames
    }()

    static let areas: [Rect] = [
      .zero, Rect(x: 0, y: 0, width: 1, height: 1), Rect(x: 0, y: 0, width: 2, height: 2),
      Rect(x: 0, y: 0, width: 3, height: 3),
      Rect(x: 0, y: 0, width: 5, height: 4), Rect(x: 0, y: 0, width: 12, height: 3),
      Rect(x: 0, y: 0, width: 3, height: 30),
      PaneFixture.small.visualPane, PaneFixture.large.visualPane, Rect(x: -7, y: -3, width: 30, height: 12),
      Rect(x: 70, y: 20, width: 40, height: 40), Rect(x: 0, y: 0, width: 1 << 20, height: 1 << 20),
    ]

    @Test(arguments: 0..<6)
    func noAreaOrFrameTraps(pane: Int) {
      let (name, draw) = Self.panes[pane]
      for (frameName, frame) in Self.frames {
        for area in Self.areas {
          for capabilities in [TerminalCapabilities.full, .minimal] {
            var grid = CellGrid(width: 80, height: 24)
            grid.fill(grid.bounds, character: "x")
            draw(area, &grid, PaneFixture.context(frame, capabilities: capabilities))
            let inside = area.intersection(grid.bounds)
            var outside = 0
            for y in 0..<24 {
              for x in 0..<80 where !inside.contains(Point(x: x, y: y)) && grid[x, y].character != "x" { outside += 1 }
            }
            #expect(outside == 0, "\(name) drew outside \(area) for \(frameName)")
            if !capabilities.unicode {
              #expect(PaneFixture.isASCII(grid), "\(name) at \(area) for \(frameName)")
            }
          }
        }
      }
    }

    @Test func tinyAreasShowWhatFits() {
      var grid = CellGrid(width: 1, height: 1)
      RingPane().render(in: grid.bounds, into: &grid, context: PaneFixture.context(RingPaneTests.pushing))
      #expect(grid.lines == ["─"])
      var zero = CellGrid(width: 0, height: 0)
      RingPane().render(in: zero.bounds, into: &zero, context: PaneFixture.context(RingPaneTests.pushing))
      #expect(zero.lines.isEmpty)
    }
  }
}
