import TermGrid
import Testing
import VirtioCore

@testable import TutorUI

extension Panes {
  @Suite struct RingPaneTests {
    static func render(
      _ frame: VisualFrame, _ rect: Rect, theme: Theme = .dark, capabilities: TerminalCapabilities = .full
    ) -> CellGrid {
      PaneFixture.render(rect, context: PaneFixture.context(frame, theme: theme, capabilities: capabilities)) {
        RingPane().render(in: $0, into: &$1, context: $2)
      }
    }

    /// The device has popped chain 0 and is writing `used.ring[0].id`; chain 2 is still available.
    static let pushing = PaneFixture.frame(PaneScenario.ring, cursor: PaneScenario.cursor(at: .usedRingID(0)), phase: 1)

    @Test func golden80x24() {
      let grid = Self.render(Self.pushing, PaneFixture.small.visualPane)
      #expect(
        grid.lines == [
          "┌─ virtqueue · size 8 · status 15 ───┐",
          "│#  addr    len  flags  next  state  │",
          "│0  0x2000   64  NEXT      1  in use │",
          "│1  0x2040  512  WRITE     0  in use │",
          "│2  0x2240  100  0         0  avail  │",
          "│…                                   │",
          "│avail │idx 2 ▸dev 1 fl 0 used_ev 0  │",
          "│   0  ▸2 │ 0   0   0   0   0   0    │",
          "│used │idx 0 ▸drv 0 fl 0 avail_ev 1  │",
          "│ │▸0:0   0:0   0:0   0:0   0:0   …  │",
          "└────────────────────────────────────┘",
        ])
    }

    @Test func golden120x40() {
      let grid = Self.render(Self.pushing, PaneFixture.large.visualPane)
      #expect(
        grid.lines == [
          "┌─ virtqueue · size 8 · status 15 ───────────────────────────────┐",
          "│#  addr    len  flags  next  state                              │",
          "│0  0x2000   64  NEXT      1  in use                             │",
          "│1  0x2040  512  WRITE     0  in use                             │",
          "│2  0x2240  100  0         0  avail                              │",
          "│3  0x0       0  0         0  free                               │",
          "│4  0x0       0  0         0  free                               │",
          "│5  0x0       0  0         0  free                               │",
          "│6  0x0       0  0         0  free                               │",
          "│7  0x0       0  0         0  free                               │",
          "│                                                                │",
          "│avail  │idx 2  ▸last_avail_idx 1  flags 0  used_event 0         │",
          "│   0   1   2   3   4   5   6   7                                │",
          "│   0  ▸2 │ 0   0   0   0   0   0                                │",
          "│                                                                │",
          "│used   │idx 0  ▸last_used_idx 0   flags 0  avail_event 1        │",
          "│   0     1     2     3     4     5     6     7                  │",
          "│ │▸0:0   0:0   0:0   0:0   0:0   0:0   0:0   0:0                │",
          "│                                                                │",
          "│                                                                │",
          "││ next slot to fill (idx)   ▸ next slot to take                 │",
          "│states: free driver avail in use used                           │",
          "└────────────────────────────────────────────────────────────────┘",
        ])
    }

    /// The cells drawn in `role`'s style, as text.
    static func text(in grid: CellGrid, role: ThemeRole, theme: Theme = .dark) -> [String] {
      let style = theme.style(role)
      return (0..<grid.height).compactMap { y in
        let cells = (0..<grid.width).filter { grid[$0, y].style == style }.map { grid[$0, y].character }
        guard !cells.isEmpty else { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: cells)
        return String(view)
      }
    }

    @Test func currentFieldIsLitWhileAnimatingThenMarkedChanged() {
      // used.ring[0].id is the only cell in the current style while the write animates (phase 1)...
      let lit = Self.render(Self.pushing, PaneFixture.small.visualPane, theme: .terminal)
      #expect(Self.text(in: lit, role: .current, theme: .terminal) == ["0"])
      let current = Theme.terminal.style(.current)
      #expect(current.reverse && current.bold)
      // ...and in the changed style once it settled (phase 3).
      var settled = Self.pushing
      settled.phase = VisualFrame.phases - 1
      let done = Self.render(settled, PaneFixture.small.visualPane, theme: .terminal)
      #expect(Self.text(in: done, role: .current, theme: .terminal).isEmpty)
      let settledDark = Self.render(settled, PaneFixture.small.visualPane)
      let row = settledDark.lines.firstIndex { $0.hasPrefix("│ │▸0:0") }!
      #expect(settledDark[4, row].character == "0")
      #expect(settledDark[4, row].style == Theme.dark.style(.changed))
    }

    @Test func fieldsWrittenEarlierInTheStepAreMarkedChanged() {
      // Writing used.idx: the element written before it (id 0, len 200) is marked changed, used.idx is lit.
      let frame = PaneFixture.frame(PaneScenario.ring, cursor: PaneScenario.cursor(at: .usedIdx), phase: 0)
      let grid = Self.render(frame, PaneFixture.large.visualPane)
      #expect(Self.text(in: grid, role: .current) == ["1"])
      #expect(grid.lines[15].contains("│idx 1"))
      // used.ring[0] = {id 0, len 200} and avail_event (written by the pop) were written earlier in the step.
      #expect(Self.text(in: grid, role: .changed).contains("0200"))
      #expect(Self.text(in: grid, role: .changed).contains("1"))
    }

    @Test func descriptorStatesFollowTheEngineEventByEvent() {
      func states(_ step: StepPlayback, cursor: Int) -> [String] {
        let grid = Self.render(PaneFixture.frame(step, cursor: cursor), PaneFixture.large.visualPane)
        return (2...4).map { String(PaneFixture.content(grid, row: $0).split(separator: " ").last ?? "") }
      }
      let step = PaneFixture.playback(
        step: "queue size=8\ndriver add out=64 in=512\ndriver publish\ndevice pop\ndevice push len=8\ndriver reclaim")
      let events = step.events
      func after(_ kind: TraceKind) -> Int { (events.firstIndex { $0.kind == kind } ?? 0) + 1 }
      let firstWrite = (events.firstIndex { $0.field == .descriptor(0, .addr) } ?? 0) + 1
      #expect(states(step, cursor: firstWrite) == ["driver", "free", "free"])
      #expect(states(step, cursor: after(.chainAdded)) == ["driver", "driver", "free"])
      #expect(states(step, cursor: after(.availPublished)) == ["avail", "avail", "free"])
      #expect(states(step, cursor: after(.chainPopped)) == ["use", "use", "free"])
      #expect(states(step, cursor: PaneScenario.cursor(at: .usedRingID(0), in: step)) == ["use", "use", "free"])
      #expect(states(step, cursor: after(.usedPushed)) == ["used", "used", "free"])
      #expect(states(step, cursor: after(.reclaimed)) == ["free", "free", "free"])
    }

    @Test func stateIsAWordAndARole() {
      // The 80×24 visual pane before the event caption took two of its rows.
      let grid = Self.render(Self.pushing, Rect(x: 40, y: 1, width: 40, height: 13))
      #expect(PaneFixture.content(grid, row: 2).hasSuffix("in use"))
      #expect(
        PaneFixture.cells(of: "in use", in: grid, row: 2)!.allSatisfy { $0.style == Theme.dark.style(.descInUse) })
      #expect(grid[1, 2].style == Theme.dark.style(.descInUse))
      #expect(PaneFixture.cells(of: "free", in: grid, row: 5)!.allSatisfy { $0.style == Theme.dark.style(.descFree) })
    }

    @Test func aQueueOf256ShowsAWindowAroundTheCurrentDescriptor() {
      // 65 chains of two descriptors fill desc[0..<130]; the step's chain takes desc[130] and desc[131].
      let adds = Array(repeating: "driver add out=8 in=8", count: 65).joined(separator: "\n")
      let step = PaneFixture.playback(
        setup: "queue size=256 features=event_idx\n" + adds + "\ndriver publish", step: "driver add out=16 in=16")
      let frame = PaneFixture.frame(step, cursor: PaneScenario.cursor(at: .descriptor(131, .len), in: step), phase: 1)
      for rect in [PaneFixture.small.visualPane, PaneFixture.large.visualPane] {
        let grid = Self.render(frame, rect)
        let rows = grid.lines.dropFirst(2).prefix { !$0.hasPrefix("│avail") }
        let indices = rows.compactMap { Int($0.dropFirst().split(separator: " ").first ?? "") }
        #expect(indices.contains(131))
        #expect(!indices.contains(0))
        #expect(rows.filter { $0.hasPrefix("│…") }.count == 2)
        #expect(Self.text(in: grid, role: .current) == ["16"])
        // The avail ring's slots are a window too, around last_avail_idx (0) and the shadow index (131).
        #expect(grid.lines.contains { $0.contains("…") && $0.contains("▸") == false && $0.contains("│") })
      }
    }

    @Test func queueSizesOneAndMaximumRender() {
      let one = PaneFixture.playback(step: "queue size=1\ndriver add out=4\ndriver publish\ndevice pop")
      let grid = Self.render(PaneFixture.frame(one), PaneFixture.small.visualPane)
      #expect(grid.lines[0].contains("size 1"))
      #expect(grid.lines[2] == "│0  0x2000    4  0         0  in use │")
      let big = PaneFixture.playback(step: "queue size=32768\ndriver add out=4 in=4")
      let frame = PaneFixture.frame(big, cursor: 3, phase: 0)
      for rect in [PaneFixture.small.visualPane, PaneFixture.large.visualPane] {
        let grid = Self.render(frame, rect)
        #expect(grid.lines[0].contains("size 32768"))
        #expect(grid.lines.contains { $0.contains("…") })
      }
    }

    @Test func noQueueSaysSo() {
      let grid = Self.render(PaneFixture.empty, PaneFixture.small.visualPane)
      #expect(grid.lines[1] == "│no virtqueue yet                    │")
    }

    @Test func asciiCapabilitiesGiveOnlyASCII() {
      let grid = Self.render(Self.pushing, PaneFixture.large.visualPane, capabilities: .minimal)
      #expect(PaneFixture.isASCII(grid))
      #expect(grid.lines[0].hasPrefix("+- virtqueue . size 8 "))
      #expect(grid.lines[13].hasPrefix("|   0  >2 | 0"))
    }
  }
}
