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

    /// The text of the cells drawn in `style`, row by row.
    static func text(in grid: CellGrid, style: Style) -> [String] {
      (0..<grid.height).compactMap { y in
        let cells = (0..<grid.width).filter { grid[$0, y].style == style }.map { grid[$0, y].character }
        guard !cells.isEmpty else { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: cells)
        return String(view)
      }
    }

    static let picture = PictureContext(theme: .dark, capabilities: .full)

    /// The rows of `grid` above the legend (all of them when the picture has no legend).
    static func aboveLegend(_ grid: CellGrid) -> CellGrid {
      let legend = grid.lines.firstIndex { $0.contains("next to take") } ?? grid.height
      var out = CellGrid(size: Size(width: grid.width, height: legend))
      for y in 0..<legend { for x in 0..<grid.width { out[x, y] = grid[x, y] } }
      return out
    }

    @Test func currentFieldIsNowWhileAnimatingThenEarlier() {
      // used.ring[0].id (written by the device) is "now" while the write animates (phase 1): the device's colour
      // in reverse video, with the marker glyph before it...
      let lit = Self.render(Self.pushing, PaneFixture.large.visualPane)
      #expect(Self.text(in: Self.aboveLegend(lit), style: Self.picture.now(.device)) == ["●0"])
      #expect(Self.picture.now(.device).reverse && Self.picture.now(.device).bold)
      // ...and "earlier" (bold, the writer's colour, no glyph) once it settled.
      var settled = Self.pushing
      settled.phase = VisualFrame.phases - 1
      let done = Self.render(settled, PaneFixture.large.visualPane)
      #expect(Self.text(in: Self.aboveLegend(done), style: Self.picture.now(.device)).isEmpty)
      #expect(!done.text.contains("●0:"))
      let row = done.lines.firstIndex { $0.contains("▸│0 0:0") }!
      let x = PaneFixture.column(of: "▸│0 0:0", in: done, row: row)! + 4
      #expect(done[x, row].character == "0")
      #expect(done[x, row].style == Self.picture.earlier(.device))
    }

    @Test func nowAndEarlierDifferWithoutColour() {
      let caps = TerminalCapabilities(unicode: true, color: false)
      for role in [Role.driver, .device] {
        let now = caps.effective(Self.picture.now(role)), earlier = caps.effective(Self.picture.earlier(role))
        #expect(now.reverse && now.bold && !earlier.reverse && earlier.bold)
      }
    }

    /// With `NO_COLOR` the now glyph alone tells a driver write (`◆`, ASCII `*`) from a device write (`●`, `@`),
    /// and the legend says which is which.
    @Test func withoutColourTheNowGlyphTellsTheWriter() {
      for (caps, driverGlyph, deviceGlyph) in [
        (TerminalCapabilities(unicode: true, color: false), "◆", "●"), (TerminalCapabilities.minimal, "*", "@"),
      ] {
        // The device writes used.ring[0].id; the driver writes desc[131].len.
        let device = Self.render(Self.pushing, PaneFixture.large.visualPane, capabilities: caps).adapted(to: caps)
        let driver = Self.render(RingPictureGoldenTests.queue256, PaneFixture.large.visualPane, capabilities: caps)
          .adapted(to: caps)
        for grid in [device, driver] {
          #expect((0..<grid.height).allSatisfy { y in (0..<grid.width).allSatisfy { grid[$0, y].style.fg == .default && grid[$0, y].style.bg == .default } })
        }
        let bar = caps.unicode ? "▸│0" : ">|0"
        #expect(device.lines.contains { $0.contains("\(bar)\(deviceGlyph)0:0") })
        #expect(driver.lines.contains { $0.contains("131 0x3830\(driverGlyph)16") })
        #expect(!Self.aboveLegend(device).text.contains(driverGlyph))
        #expect(!Self.aboveLegend(driver).text.contains(deviceGlyph))
        #expect(device.lines.contains { $0.contains("\(driverGlyph)driver writes") && $0.contains("\(deviceGlyph)device writes") })
      }
    }

    @Test func fieldsWrittenEarlierInTheStepAreMarkedEarlier() {
      // Writing used.idx: the element written before it (id 0, len 200) is earlier, used.idx is now.
      let frame = PaneFixture.frame(PaneScenario.ring, cursor: PaneScenario.cursor(at: .usedIdx), phase: 0)
      let grid = Self.render(frame, PaneFixture.large.visualPane)
      #expect(Self.text(in: Self.aboveLegend(grid), style: Self.picture.now(.device)) == ["●1"])
      #expect(grid.lines.contains { $0.contains("used   │idx●1") })
      // used.ring[0] = {id 0, len 200} and avail_event (written by the pop) were written earlier, by the device.
      let earlier = Self.text(in: grid, style: Self.picture.earlier(.device))
      #expect(earlier.contains { $0.contains("0200") })
    }

    /// The first row of the descriptor table (under the column heads `desc … buffers … used`).
    static func tableTop(_ grid: CellGrid) -> Int { (grid.lines.firstIndex { $0.contains(" desc ") } ?? 0) + 1 }

    /// The state word on the row of descriptor `i` in a 120×40 picture of a queue of 8.
    static func state(_ grid: CellGrid, _ i: Int) -> String? {
      let row = grid.lines[tableTop(grid) + i]
      return DescriptorState.allCases.map(\.word).first { row.contains(" \($0) ") }
    }

    @Test func descriptorStatesFollowTheEngineEventByEvent() {
      func states(_ step: StepPlayback, cursor: Int) -> [String?] {
        let grid = Self.render(PaneFixture.frame(step, cursor: cursor), PaneFixture.large.visualPane)
        return (0...2).map { Self.state(grid, $0) }
      }
      let step = PaneFixture.playback(
        step: "queue size=8\ndriver add out=64 in=512\ndriver publish\ndevice pop\ndevice push len=8\ndriver reclaim")
      let events = step.events
      func after(_ kind: TraceKind) -> Int { (events.firstIndex { $0.kind == kind } ?? 0) + 1 }
      let firstWrite = (events.firstIndex { $0.field == .descriptor(0, .addr) } ?? 0) + 1
      #expect(states(step, cursor: firstWrite) == ["driver", "free", "free"])
      #expect(states(step, cursor: after(.chainAdded)) == ["driver", "driver", "free"])
      #expect(states(step, cursor: after(.availPublished)) == ["avail", "avail", "free"])
      #expect(states(step, cursor: after(.chainPopped)) == ["in use", "in use", "free"])
      #expect(states(step, cursor: PaneScenario.cursor(at: .usedRingID(0), in: step)) == ["in use", "in use", "free"])
      #expect(states(step, cursor: after(.usedPushed)) == ["used", "used", "free"])
      #expect(states(step, cursor: after(.reclaimed)) == ["free", "free", "free"])
    }

    @Test func stateIsAWordAndARole() throws {
      let grid = Self.render(Self.pushing, PaneFixture.large.visualPane)
      let top = Self.tableTop(grid)
      #expect(try #require(PaneFixture.cells(of: "in use", in: grid, row: top)).allSatisfy { $0.style == Theme.dark.style(.descInUse) })
      #expect(try #require(PaneFixture.cells(of: "free", in: grid, row: top + 3)).allSatisfy { $0.style == Theme.dark.style(.descFree) })
      // The descriptor's index carries its state's style too (with the state word dropped at 80×24).
      let x = try #require(PaneFixture.column(of: "0x2000", in: grid, row: top)) - 2
      #expect(grid[x, top].character == "0" && grid[x, top].style == Theme.dark.style(.descInUse))
    }

    @Test func linksJoinSlotsToTheirHeadsAndChainsToTheirNext() {
      let grid = Self.render(Self.pushing, PaneFixture.large.visualPane)
      // At 120×40 the avail ring is a row: slot numbers with ▸ (last_avail_idx 1) and │ (avail.idx 2), then heads.
      let slots = grid.lines.firstIndex { $0.hasPrefix("│slot") }!
      #expect(grid.lines[slots].contains("0 ▸ 1  │2   3"))
      #expect(grid.lines[slots + 1].hasPrefix("│head        0   2   0"))
      // avail.ring[1] = 2 (live): its line drops from under the head, turns in its band row, runs down the gutter
      // and enters desc[2]'s row with ▶; avail.ring[0] = 0 was taken by the device, but its chain is still in the
      // device's hands and the step read the slot: its line stays (the first band), into desc[0]'s row.
      let x = PaneFixture.column(of: "0   2", in: grid, row: slots + 1)! + 4
      #expect(grid[x - 4, slots + 2].character == "┘")
      #expect(grid[x, slots + 3].character == "┘")
      let top = Self.tableTop(grid)
      #expect(grid.lines[top + 2].contains("─▶2 0x2240"))
      #expect(grid.lines[top].contains("└▶0 0x2000"))
      // desc[0] NEXT desc[1]: a connector from row 0 into row 1; each busy descriptor points at its buffer box.
      #expect(grid.lines[top].contains("in use ─┐ ─▶[R 64 "))
      #expect(grid.lines[top + 1].contains("in use ◀┘ ─▶[W 512 "))
      // After the push, used.ring[0] = {0, 200} links back to desc[0]'s row.
      let pushed = PaneFixture.frame(PaneScenario.ring, cursor: PaneScenario.cursor(at: .usedIdx) + 1)
      let after = Self.render(pushed, PaneFixture.large.visualPane)
      #expect(after.lines[Self.tableTop(after)].contains("]◀") && after.lines[Self.tableTop(after)].contains("0:200"))
      // At 80×24 the avail ring stays a column beside the table, following the active chain.
      let small = Self.render(Self.pushing, PaneFixture.small.visualPane)
      #expect(!small.lines.contains { $0.hasPrefix("│slot") })
      #expect(small.lines.contains { $0.contains("▸ 1 2─┐ 1 0x2040") })
    }

    @Test func smallPanesCollapseFreeDescriptorsAndFollowTheChain() {
      let grid = Self.render(Self.pushing, PaneFixture.small.visualPane)
      #expect(grid.lines.contains { $0.contains("3–7 free") })
      #expect(grid.lines.contains { $0.contains("0 0x2000  64 N 1 ─┐") })
      // The used ring's entry being written is on its summary line, marked now.
      #expect(grid.lines.contains { $0.hasPrefix("│used") && $0.contains("●0:0") })
    }

    @Test func aQueueOf256ShowsAWindowAroundTheCurrentDescriptor() {
      let frame = RingPictureGoldenTests.queue256
      for rect in [PaneFixture.small.visualPane, PaneFixture.large.visualPane] {
        let grid = Self.render(frame, rect)
        #expect(grid.lines.contains { $0.contains("131 0x3830◆16") })
        #expect(!grid.lines.contains { $0.contains("  0 0x2000") })
        #expect(grid.lines.contains { $0.contains("132–255 free") })
        // The one field drawn "now" (the legend under the picture at 120×40 shows the style too: not counted).
        #expect(Self.text(in: Self.aboveLegend(grid), style: Self.picture.now(.driver)) == ["◆16"])
        // The avail ring's window keeps the driver's next slot (65, avail.idx) in view.
        #expect(grid.lines.contains { $0.contains("│65") || $0.contains("│ 65") })
      }
    }

    @Test func queueSizesOneAndMaximumRender() {
      let one = PaneFixture.playback(step: "queue size=1\ndriver add out=4\ndriver publish\ndevice pop")
      let grid = Self.render(PaneFixture.frame(one), PaneFixture.small.visualPane)
      #expect(grid.lines[0].contains("size 1"))
      #expect(grid.lines.contains { $0.contains("0 0x2000 4 - 0") })
      let big = PaneFixture.playback(step: "queue size=32768\ndriver add out=4 in=4")
      let frame = PaneFixture.frame(big, cursor: 3, phase: 0)
      for rect in [PaneFixture.small.visualPane, PaneFixture.large.visualPane] {
        let grid = Self.render(frame, rect)
        #expect(grid.lines[0].contains("size 32768"))
        #expect(grid.lines.contains { $0.contains("…") })
        #expect(grid.lines.contains { $0.contains("32767 free") })
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
      #expect(grid.lines.contains { $0.contains("0 > 1  |2   3") })
      #expect(grid.lines[Self.tableTop(grid) + 2].contains("->2 0x2240"))
      #expect(grid.lines[Self.tableTop(grid)].contains("@0:0"))
    }
  }
}
