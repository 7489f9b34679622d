import Foundation
import TermGrid
import TestSupport
import Testing
import VirtioLessons
import VirtioCore

@testable import TutorUI

extension Panes {
  /// The packed ring's picture at the three reference sizes (characters and styles): the reference's worked
  /// example (round 1 with a chain, round 2 with the stale slot), and a chain across the ring's end.
  @Suite struct PackedPictureGoldenTests {
    static let setup = "queue size=4 format=packed features=event_idx\npoke driver_event.off_wrap=0x8003\npoke driver_event.flags=DESC"

    /// Round 1: A (1 writable), B (a chain of 2), C (1 readable) published; the device is writing A's used
    /// descriptor (slot 0's len lit).
    static let round1: VisualFrame = {
      let step = PaneFixture.playback(
        setup: setup + "\ndriver add in=16\ndriver add out=16 in=512\ndriver add out=64\ndriver publish\ndevice pop\ndevice pop\ndevice pop",
        step: "device push len=16\ndevice push len=500")
      let cursor = PaneScenario.cursor(at: .packed(.descriptor(1, .len)), in: step)
      return PaneFixture.frame(step, cursor: cursor, phase: 1)
    }()

    /// Round 2: everything reclaimed, D published at slot 0 with wrap 0; slot 2 still holds B's second
    /// descriptor from round 1, stale.
    static let round2: VisualFrame = {
      let step = PaneFixture.playback(
        setup: setup + "\ndriver add in=16\ndriver add out=16 in=512\ndriver add out=64\ndriver publish\ndevice pop\ndevice pop\ndevice pop"
          + "\ndevice push len=16\ndevice push len=500\ndevice push len=0\ndriver reclaim",
        step: "driver add in=16\ndriver publish")
      return PaneFixture.frame(step)
    }()

    /// A two-descriptor chain at slots 3 and 0 of a ring of 4: slot 3 carries wrap 1, slot 0 wrap 0.
    static let acrossTheEnd: VisualFrame = {
      let round = "driver add in=8\ndriver publish\ndevice pop\ndevice push len=8\ndriver reclaim"
      let step = PaneFixture.playback(
        setup: "queue size=4 format=packed\n" + Array(repeating: round, count: 3).joined(separator: "\n"),
        step: "driver add out=8 in=32\ndriver publish")
      return PaneFixture.frame(step)
    }()

    /// A virtio-blk-shaped request through an indirect table (header, data, status) that the device has taken: slot 0
    /// is INDIRECT and opens its three table entries below it.
    static let indirect: VisualFrame = {
      let step = PaneFixture.playback(
        setup: "queue size=4 format=packed features=indirect_desc", step: "driver add out=16,4096 in=1\ndriver publish\ndevice pop")
      return PaneFixture.frame(step)
    }()

    static let cases: [String: VisualFrame] = [
      "round1": round1, "round2": round2, "across-the-end": acrossTheEnd, "indirect": indirect,
    ]

    static func render(_ frame: VisualFrame, _ size: Size) -> CellGrid {
      PaneFixture.render(TutorLayout(size: size).visualPane, context: PaneFixture.context(frame)) {
        RingPane().render(in: $0, into: &$1, context: $2)
      }
    }

    @Test(arguments: ["round1", "round2", "across-the-end", "indirect"], RingPictureGoldenTests.sizes)
    func pictureMatchesGolden(_ name: String, _ size: Size) throws {
      try GridSnapshot.verify(Self.render(Self.cases[name]!, size), named: "packed-\(name)-\(size.width)x\(size.height)")
    }

    /// The row of slot `i` in a 120×40 picture of a ring of 4 (after three summary lines and the header).
    static func row(_ grid: CellGrid, _ i: Int) -> String { grid.lines[5 + i] }

    @Test func anIndirectSlotOpensItsTable() {
      let grid = Self.render(Self.indirect, Size(width: 120, height: 40))
      #expect(Self.row(grid, 0).contains("I") && Self.row(grid, 0).contains("[table · 3 × 16 B]"))
      // The three entries, read from guest memory: header R 16, data R 4096, status W 1.
      #expect(Self.row(grid, 1).contains("├0") && Self.row(grid, 1).contains(" 16 ") && Self.row(grid, 1).contains("table"))
      #expect(Self.row(grid, 2).contains("├1") && Self.row(grid, 2).contains("4096"))
      #expect(Self.row(grid, 3).contains("└2") && Self.row(grid, 3).contains(" W ") && Self.row(grid, 3).contains("[W 1"))
      // Slot 1 follows the table.
      #expect(Self.row(grid, 4).contains("empty") || Self.row(grid, 4).contains(" 1 "))
    }

    @Test func theStaleSlotIsMarkedInWordsAndBold() {
      let grid = Self.render(Self.round2, Size(width: 120, height: 40))
      #expect(Self.row(grid, 2).contains("stale"))
      let x = PaneFixture.column(of: "stale", in: grid, row: 5 + 2)!
      #expect(grid[x, 7].style.bold)
      // Slot 0 is D, available for the device's wrap 0 (AVAIL 0, USED 1), written by the driver.
      #expect(Self.row(grid, 0).contains("0 1") && Self.row(grid, 0).contains("drv avail"))
      #expect(grid.lines[1].contains("▸next 1 wrap 0") && grid.lines[2].contains("▸next 0 wrap 0"))
    }

    @Test func theWriterAndTheNextSlotsAreShown() {
      let grid = Self.render(Self.round1, Size(width: 120, height: 40))
      // The device writes B's used descriptor at slot 1 (len lit, the device's colour, reverse).
      let now = PictureContext(theme: .dark, capabilities: .full).now(.device)
      #expect(RingPaneTests.text(in: grid, style: now).contains { $0.contains("●") })
      #expect(Self.row(grid, 0).hasPrefix("│drv▸") || Self.row(grid, 0).hasPrefix("│d+v▸"))
      // B's two slots are joined by a NEXT bus.
      #expect(Self.row(grid, 1).contains("─┐") && Self.row(grid, 2).contains("◀┘"))
    }

    /// B's used descriptor overwrote its first slot (id 1, len 500): the slot shows that buffer 1 went back with 500
    /// bytes written, not the readable 16-byte buffer the driver once put there; B's second slot keeps its box.
    @Test func aUsedSlotShowsItsUsedDescriptorNotTheLentBuffer() throws {
      let step = PaneFixture.playback(
        setup: Self.setup + "\ndriver add in=16\ndriver add out=16 in=512\ndriver add out=64\ndriver publish\ndevice pop\ndevice pop\ndevice pop",
        step: "device push len=16\ndevice push len=500")
      let grid = Self.render(PaneFixture.frame(step), Size(width: 120, height: 40))
      #expect(Self.row(grid, 1).contains("used") && Self.row(grid, 1).contains("◀─[id 1 back · 500 B"))
      #expect(!Self.row(grid, 1).contains("[R 16"))
      #expect(Self.row(grid, 2).contains("[W 512"))
      let x = try #require(PaneFixture.column(of: "[id 1 back", in: grid, row: 5 + 1))
      #expect(grid[x, 6].style == PictureContext(theme: .dark, capabilities: .full).writer(.device))
    }

    /// At 80×24 (a pane 36 columns wide) the picture drops the address first: the column header, the writer of
    /// each slot's bits and the buffers stay (round 2: D at slot 0 is the driver's, lent a 16-byte writable buffer).
    @Test func theNarrowPictureKeepsHeaderWriterAndBuffers() {
      let grid = Self.render(Self.round2, Size(width: 80, height: 24))
      #expect(grid.lines[4].contains("# A U id len") && grid.lines[4].contains(" by ") && grid.lines[4].contains("buf"))
      #expect(Self.row(grid, 0).contains("0 1  3  16 W drv avail") && Self.row(grid, 0).contains("W16"))
      #expect(Self.row(grid, 3).contains(" dev stale"))
      #expect(!grid.lines[5].contains("0x2000"))
    }

    /// Lesson 10's step 5 (a chain in use) and step 12 (a chain across the ring's end) at 80×24 keep every slot's
    /// writer (`by`) and buffer: `in use` (the split picture's word, 3 columns narrower than `in flight`), a tiny
    /// buffer against its NEXT bus and a used slot's `◀0` (its len is in the row) give the 1–4 columns they lacked.
    @Test func lesson10sNarrowStepsKeepTheWriterAndTheBuffers() throws {
      let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
      let lesson = try #require(lessons.first { $0.meta.order == 10 })
      let expected = [
        5: ["0 1 1  0  16 W dev used     ◀0 ", "1 1 0  1  16 N drv in use ─┐R16", "2 1 0  1 512 W drv in use ◀┘W512"],
        12: ["0 0 1  2  16 W drv stale ◀┐W16", "3 1 1  2  16 W dev used  ─┘◀2:16"],
      ]
      for (step, rows) in expected.sorted(by: { $0.key < $1.key }) {
        let state = TutorState(lessons: lessons, lessonID: lesson.id, step: step - 1, screen: Size(width: 80, height: 24))
        let lines = TutorView.render(state).lines
        #expect(lines.contains { $0.contains("# A U id len f by  state") }, "step \(step)")
        for row in rows { #expect(lines.contains { $0.contains(row) }, "step \(step): \(row)") }
      }
    }

    /// Lesson 10's last step at 80×24, while the driver writes `driver_event.off_wrap` 0x8002: the two event
    /// structures do not fit one 36-column line, so each takes its own (the summary grows to 4 rows) and neither is
    /// cut; the slots below keep their rows.
    @Test func theEventStructuresTakeTwoLinesWhenOneWouldCutThem() throws {
      let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
      let lesson = try #require(lessons.first { $0.meta.order == 10 })
      var state = TutorState(lessons: lessons, lessonID: lesson.id, step: try #require(lesson.steps.firstIndex { $0.title.hasPrefix("Asking for one interrupt") }), screen: Size(width: 80, height: 24))
      let event = try #require(state.stepPlayback.events.firstIndex { $0.field == .packed(.driverEvent(.offWrap)) }) + 1
      state.show(litEvent: event)
      let (layout, _) = TutorView.layout(for: state)
      let grid = TutorView.render(state)
      let rows = (layout.visualPane.y + 1..<layout.visualPane.maxY - 1).map { y in
        String(String.UnicodeScalarView((layout.visualPane.x + 1..<layout.visualPane.maxX - 1).map { grid[$0, y].character }))
      }
      #expect(rows[2].hasPrefix("driver_event off_wrap◆0x8002 ENABLE"), "\(rows)")
      #expect(rows[3].hasPrefix("device_event off_wrap 0x0 ENABLE"), "\(rows)")
      #expect(rows[4].contains("# A U id len"))
      #expect(!rows.contains { $0.trimmingCharacters(in: .whitespaces).hasSuffix("…") })
    }

    /// A ring of 16 after a lap of 2-descriptor chains: slots 2–14 are stale, the driver's next slot is 1 and the
    /// device's is 15 (A, E published there and at slot 0).
    static func afterALap(_ size: Size) -> CellGrid {
      let round = "driver add out=16 in=512\ndriver publish\ndevice pop\ndevice push len=0\ndriver reclaim"
      let step = PaneFixture.playback(
        setup: "queue size=16 format=packed\n" + Array(repeating: round, count: 7).joined(separator: "\n")
          + "\ndriver add in=16\ndriver add in=16\ndriver publish\ndevice pop\ndevice push len=0\ndriver reclaim",
        step: "driver add in=16\ndriver publish")
      return render(PaneFixture.frame(step), size)
    }

    /// At 120×40 the 16 slots fill the pane but for one line: that line says what stale means.
    @Test func aFullPaneAfterALapKeepsTheStaleLegend() {
      let grid = Self.afterALap(Size(width: 120, height: 40))
      #expect((0..<16).allSatisfy { i in grid.lines[5 + i].contains(" \(i) ") || grid.lines[5 + i].contains("▸\(i) ") })
      #expect(grid.lines[21].contains("stale: bits of an earlier lap, ignored"))
    }

    /// At 80×24 the window keeps both next slots: the driver's (1, stale) and the device's (15, available), with
    /// `…` for the stale run between them.
    @Test func aWindowedRingKeepsBothNextSlots() {
      let grid = Self.afterALap(Size(width: 80, height: 24))
      #expect(grid.lines.contains { $0.contains("drv▸ 1 1 0  0 512 W drv stale") })
      #expect(grid.lines.contains { $0.contains("dev▸15 1 0  1  16 W drv avail") })
      #expect(grid.lines.contains { $0.hasPrefix("│    …") })
    }

    @Test func aChainAcrossTheEndCarriesBothWrapValues() {
      let grid = Self.render(Self.acrossTheEnd, Size(width: 120, height: 40))
      // Slot 3: AVAIL 1 USED 0 (wrap 1); slot 0: AVAIL 0 USED 1 (wrap 0), one bus from 3 to 0.
      #expect(Self.row(grid, 3).contains("▸3 1 0 "))
      #expect(Self.row(grid, 0).contains(" 0 0 1 "))
      #expect(grid.lines[1].contains("wrap 0"))
    }
  }
}
