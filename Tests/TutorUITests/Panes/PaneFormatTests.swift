import Testing

@testable import TutorUI

extension Panes {
  @Suite struct PaneFormatTests {
    @Test func windowsKeepTheFocusAndMarkWhatIsLeftOut() {
      #expect(PaneFormat.window(count: 4, slots: 6, focus: 2) == [0, 1, 2, 3])
      #expect(PaneFormat.window(count: 8, slots: 6, focus: 0) == [0, 1, 2, 3, 4, nil])
      #expect(PaneFormat.window(count: 8, slots: 6, focus: 7) == [nil, 3, 4, 5, 6, 7])
      #expect(PaneFormat.window(count: 256, slots: 6, focus: 131) == [nil, 129, 130, 131, 132, nil])
      #expect(PaneFormat.window(count: 256, slots: 2, focus: 131) == [131, 132])
      #expect(PaneFormat.window(count: 256, slots: 1, focus: 999) == [255])
      #expect(PaneFormat.window(count: 0, slots: 5, focus: 0).isEmpty)
      #expect(PaneFormat.window(count: 5, slots: 0, focus: 0).isEmpty)
      #expect(PaneFormat.window(count: 32768, slots: 3, focus: -4) == [0, 1, nil])
    }

    @Test func numbersShrinkToFit() {
      #expect(PaneFormat.count(1_234, width: 5) == "1,234")
      #expect(PaneFormat.count(12_345, width: 4) == "12k")
      #expect(PaneFormat.count(61_725_000, width: 6) == "61.7M")
      #expect(PaneFormat.micros(2.5833, width: 5) == "2.58")
      #expect(PaneFormat.micros(219.0, width: 5) == "219.0")
      #expect(PaneFormat.micros(20_575, width: 5) == "20.6k")
    }
  }
}
