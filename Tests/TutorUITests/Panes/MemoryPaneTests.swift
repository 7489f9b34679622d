import Foundation
import TermGrid
import TestSupport
import Testing
import VirtioCore
import VirtioLessons

@testable import TutorUI

extension Panes {
  @Suite struct MemoryPaneTests {
    static func render(_ frame: VisualFrame, _ rect: Rect, capabilities: TerminalCapabilities = .full) -> CellGrid {
      PaneFixture.render(rect, context: PaneFixture.context(frame, capabilities: capabilities)) {
        MemoryPane().render(in: $0, into: &$1, context: $2)
      }
    }

    static let pushing = RingPaneTests.pushing

    @Test(arguments: RingPictureGoldenTests.sizes)
    func goldens(_ size: Size) throws {
      let rect = TutorLayout(size: size).visualPane
      try GridSnapshot.verify(Self.render(Self.pushing, rect), named: "memory-pushing-\(size.width)x\(size.height)")
      try GridSnapshot.verify(Self.render(RingPictureGoldenTests.indirect, rect), named: "memory-indirect-\(size.width)x\(size.height)")
    }

    @Test func theBytesOfTheAccessAreNowAndEarlierWritesBold() {
      // used.ring[0].id is 4 bytes at 0x109c, written by the device: "now" while it animates, on screen at 80×24.
      let now = PictureContext(theme: .dark, capabilities: .full).now(.device)
      let grid = Self.render(Self.pushing, PaneFixture.small.visualPane)
      let row = grid.lines.firstIndex { $0.hasPrefix("│0x0109c") }!
      #expect((0..<grid.width).filter { grid[$0, row].style == now }.count == 4 * 2)
      #expect(grid.lines[row].contains("used.ring[0]"))
      var settled = Self.pushing
      settled.phase = VisualFrame.phases - 1
      let done = Self.render(settled, PaneFixture.small.visualPane)
      let earlier = PictureContext(theme: .dark, capabilities: .full).earlier(.device)
      #expect((0..<done.width).filter { done[$0, row].style == earlier }.count == 8)
    }

    @Test func rowsAreLabelledAndZeroRunsCollapse() {
      let grid = Self.render(Self.pushing, TutorLayout(size: Size(width: 200, height: 60)).visualPane)
      // 16 bytes a row at 108 columns: desc[0] on one row, then desc[3..7] (all zero) on one.
      #expect(grid.lines.contains { $0.hasPrefix("│0x01000 00 20 00 00 00 00 00 00  40 00 00 00 01 00 01 00 desc[0]") })
      #expect(grid.lines.contains { $0.contains("0x01030–0x0107f  desc[3..7] zero") })
      #expect(grid.lines.contains { $0.contains("avail.flags avail.idx avail.ring[0..5]") })
      #expect(grid.lines.contains { $0.contains("0x010a0–0x010cf  used.ring[0..6] zero") })
      #expect(grid.lines.contains { $0.contains("… 32 more bytes") })
      // The data strip: the chains' buffers with their descriptor, R/W and length.
      #expect(grid.lines.contains { $0.hasPrefix("│data") })
      #expect(grid.lines.contains { $0.contains("buf desc[2] R 100") })
      #expect(MemoryStrip.compress(["desc[2]", "desc[3]", "desc[4]", "pad", "avail.idx", "avail.ring[0]", "avail.ring[1]"])
        == "desc[2..4] pad avail.idx avail.ring[0..1]")
    }

    @Test func labelsAreWholeAndWrapUnderTheBytes() throws {
      // At 80×24 a row's label has 14 cells: the rest of its names go on under the bytes, word by word, never cut.
      let grid = Self.render(Self.pushing, PaneFixture.small.visualPane)
      let lines = grid.lines
      let zeros = try #require(lines.firstIndex { $0.hasPrefix("│0x01088–0x0109b  avail.ring[2..7] ") })
      #expect(lines[zeros + 1] == "│        used_event pad used.flags   │")
      #expect(lines[zeros + 2] == "│        used.idx zero               │")
      #expect(!lines.contains { $0.contains("…│") })
      #expect(MemoryStrip.wrap("avail.flags avail.idx avail.ring[0..5]", first: 14, rest: 28) == ["avail.flags", "avail.idx avail.ring[0..5]"])
      // A first word wider than the room beside the bytes starts under them.
      #expect(MemoryStrip.wrap("used.ring[0..7] zero", first: 12, rest: 28) == ["", "used.ring[0..7] zero"])
    }

    @Test func captionNamesTheRingFields() {
      // A descriptor write of 16 bytes would name four fields; the driver's first write names desc[0].addr.
      let step = PaneFixture.playback(step: "queue size=8\ndriver add out=64")
      let frame = PaneFixture.frame(step, cursor: PaneScenario.cursor(at: .descriptor(0, .addr), in: step), phase: 0)
      let grid = Self.render(frame, PaneFixture.small.visualPane)
      #expect(grid.lines[1].hasPrefix("│desc[0].addr = 0x2000 @0x1000"))
      #expect(
        MemoryPane.fieldNames(start: 0x1000, length: 16, layout: step.after.queue?.layout) == [
          "desc[0].addr", "desc[0].len", "desc[0].flags", "…",
        ])
      #expect(
        MemoryPane.fieldNames(start: 0x1000, length: 16, layout: step.after.queue?.layout, limit: 4) == [
          "desc[0].addr", "desc[0].len", "desc[0].flags", "desc[0].next",
        ])
    }

    /// At 80×24 the one-line caption drops the address (the strip's row shows it) rather than cut the field and its
    /// value: lesson 7's pop reading its indirect table's entries.
    @Test func theNarrowCaptionKeepsTheFieldAndValueWhole() throws {
      let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
      let lesson = try #require(lessons.first { $0.meta.order == 7 })
      let step = try #require(lesson.steps.firstIndex { $0.title == "The device pops" })
      var state = TutorState(lessons: lessons, lessonID: lesson.id, step: step, screen: Size(width: 80, height: 24))
      let event = try #require(state.stepPlayback.events.firstIndex { $0.kind == .read && $0.detail.hasPrefix("indirect@") }) + 1
      state.show(litEvent: event)
      let box = TutorView.layout(for: state).layout.visualPane
      let grid = TutorView.render(state)
      let caption = String(String.UnicodeScalarView((box.x + 1..<box.maxX - 1).map { grid[$0, box.y + 1].character }))
      #expect(caption.hasPrefix("indirect@0x2020[0]."), "\(caption)")
      #expect(!caption.trimmingCharacters(in: .whitespaces).hasSuffix("…"), "\(caption)")
    }

    @Test func bytesPerRowFollowTheWidth() {
      #expect(MemoryStrip.perRow(width: 108) == 16)
      #expect(MemoryStrip.perRow(width: 64) == 8)
      #expect(MemoryStrip.perRow(width: 36) == 4)
      let narrow = Self.render(Self.pushing, Rect(x: 0, y: 0, width: 38, height: 8))
      #expect(narrow.lines.contains { $0.hasPrefix("│0x0109c 00 00 00 00 used.ring[0]") })
    }

    @Test func noMemorySaysSo() {
      let grid = Self.render(PaneFixture.empty, PaneFixture.small.visualPane)
      #expect(grid.lines[1].hasPrefix("│no guest memory yet"))
    }

    @Test func asciiCapabilitiesGiveOnlyASCII() {
      #expect(PaneFixture.isASCII(Self.render(Self.pushing, PaneFixture.large.visualPane, capabilities: .minimal)))
    }
  }
}
