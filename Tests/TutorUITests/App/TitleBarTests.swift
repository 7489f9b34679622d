import TermGrid
import Testing

@testable import TutorUI

/// The title bar gives way part by part (the tool's name, then `Lesson`/`Step` as `L`/`S`) before it cuts a title,
/// and then only at a word boundary; it shows the step's title when the lesson pane's border cannot.
@Suite struct TitleBarTests {
  static let parts = (lesson: "Lesson 12/15", step: Optional("Step 13/14"), title: "The cost model: exits, interrupts and the knobs")

  @Test func partsGiveWayBeforeTheTitle() {
    #expect(TitleBar.fitted(Self.parts, width: 120, sep: " · ", unicode: true)
      == " virtio-tutor · Lesson 12/15 · Step 13/14 · The cost model: exits, interrupts and the knobs")
    #expect(TitleBar.fitted(Self.parts, width: 80, sep: " · ", unicode: true)
      == " Lesson 12/15 · Step 13/14 · The cost model: exits, interrupts and the knobs")
    #expect(TitleBar.fitted(Self.parts, width: 70, sep: " · ", unicode: true)
      == " L12/15 · S13/14 · The cost model: exits, interrupts and the knobs")
    #expect(TitleBar.fitted(Self.parts, width: 40, sep: " · ", unicode: true) == " L12/15 · S13/14 · The cost model:…")
  }

  @Test func aStepTitleTooLongForTheBorderIsInTheBar() {
    let title = "Way 3: a device that admits it is virtual"
    let box = TutorLayout(size: Size(width: 80, height: 24)).lessonPane.width
    func shown(_ title: String, _ index: Int) -> String {
      let fitted = LessonPane.boxTitle(title, index: index, count: 13, boxWidth: box, unicode: true)
      return fitted.text + (fitted.inTitleBar ? " (bar)" : "")
    }
    #expect(shown(title, 9) == "Step 10/13 (bar)")
    #expect(shown("Virtio: one kick per buffer", 9) == "Virtio: one kick per buffer")
    #expect(shown("Publish: avail.idx", 6) == "Step 7/13: Publish: avail.idx")
  }
}
