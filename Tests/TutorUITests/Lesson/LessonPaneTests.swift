import TermGrid
import Testing
import VirtioLessons

@testable import TutorUI

/// The lesson pane: golden screens at the 80×24 and 120×40 layouts, scrolling, the exercise, tiny sizes.
@Suite struct LessonPaneTests {
  let tour = LessonFixtures.lesson(LessonFixtures.tour)
  let small = LessonFixtures.paneSize(screen: Size(width: 80, height: 24))
  let large = LessonFixtures.paneSize(screen: Size(width: 120, height: 40))

  @Test func layoutSizesAreTheOnesTheBriefStates() {
    #expect(small == Size(width: 42, height: 22))
    #expect(LessonPane.textArea(of: TutorLayout(size: Size(width: 80, height: 24)).lessonPane) == TutorLayout(size: Size(width: 80, height: 24)).lessonText)
    #expect(large == Size(width: 54, height: 38))
  }

  @Test func golden80x24Top() {
    #expect(
      LessonFixtures.pane(tour, step: 0, size: small).lines == [
        "┌─ Step 1/2: Everything at once ─────────┐",
        "│ Text with emphasis, strong, ~gone~ and │",
        "│ avail.idx, see the spec[1] or          │",
        "│ https://x.org.                         │",
        "│                                        │",
        "│ Small heading                          │",
        "│                                        │",
        "│ │ struct vring_desc { le64 addr; le32… │",
        "│                                        │",
        "│ • one                                  │",
        "│ • two                                  │",
        "│   ◦ nested item that wraps onto a      │",
        "│     second line                        │",
        "│   [✓] done                             │",
        "│   [ ] todo                             │",
        "│                                        │",
        "│ 3. third                               │",
        "│ 4. fourth                              │",
        "│                                        │",
        "│ ▌ quoted text that is long enough to   │",
        "│ ▌ wrap                                 │",
        "└───────────────── ↓ more (j/k) 1-20/31 ─┘",
      ])
  }

  @Test func golden80x24ScrolledToTheMiddleAndToTheEnd() {
    #expect(
      LessonFixtures.pane(tour, step: 0, size: small, scroll: 5).lines == [
        "┌─ Step 1/2: Everything at once ─────────┐",
        "│                                        │",
        "│ │ struct vring_desc { le64 addr; le32… │",
        "│                                        │",
        "│ • one                                  │",
        "│ • two                                  │",
        "│   ◦ nested item that wraps onto a      │",
        "│     second line                        │",
        "│   [✓] done                             │",
        "│   [ ] todo                             │",
        "│                                        │",
        "│ 3. third                               │",
        "│ 4. fourth                              │",
        "│                                        │",
        "│ ▌ quoted text that is long enough to   │",
        "│ ▌ wrap                                 │",
        "│                                        │",
        "│ Part             │  Who   │     Bytes  │",
        "│ ─────────────────┼────────┼──────────  │",
        "│ descriptor table │ driver │ 16 × size  │",
        "│ used             │ device │         6  │",
        "└───────────────────── ↑↓ (j/k) 6-25/31 ─┘",
      ])
    let end = [
      "┌─ Step 1/2: Everything at once ─────────┐",
      "│     second line                        │",
      "│   [✓] done                             │",
      "│   [ ] todo                             │",
      "│                                        │",
      "│ 3. third                               │",
      "│ 4. fourth                              │",
      "│                                        │",
      "│ ▌ quoted text that is long enough to   │",
      "│ ▌ wrap                                 │",
      "│                                        │",
      "│ Part             │  Who   │     Bytes  │",
      "│ ─────────────────┼────────┼──────────  │",
      "│ descriptor table │ driver │ 16 × size  │",
      "│ used             │ device │         6  │",
      "│                                        │",
      "│ ────────────────────────────────────── │",
      "│                                        │",
      "│ [image: the ring]                      │",
      "│                                        │",
      "│ [1] https://example.org/virtio         │",
      "└─────────────────── ↑ end (k) 12-31/31 ─┘",
    ]
    // Scrolling past the end clamps to the last page.
    #expect(LessonFixtures.pane(tour, step: 0, size: small, scroll: 11).lines == end)
    #expect(LessonFixtures.pane(tour, step: 0, size: small, scroll: 1000).lines == end)
    #expect(LessonFixtures.pane(tour, step: 0, size: small, scroll: -3) == LessonFixtures.pane(tour, step: 0, size: small))
  }

  @Test func scrollLimitsForTheReducer() {
    #expect(LessonPane.lineCount(lesson: tour, stepIndex: 0, width: 38) == 31)
    #expect(LessonPane.maxScroll(lesson: tour, stepIndex: 0, screen: Size(width: 80, height: 24)) == 11)
    #expect(LessonPane.maxScroll(lesson: tour, stepIndex: 0, screen: Size(width: 120, height: 40)) == 0)
    #expect(LessonPane.maxScroll(lesson: tour, stepIndex: 1, screen: Size(width: 80, height: 24)) == 0)
    #expect(LessonPane.maxScroll(lesson: tour, stepIndex: 0, box: Rect(x: 0, y: 0, width: 3, height: 3)) == 0)
    #expect(LessonPane.maxScroll(lesson: tour, stepIndex: 0, box: Rect(x: 0, y: 0, width: 42, height: 2)) == 31)
  }

  @Test func golden120x40FitsWithoutIndicator() {
    #expect(
      LessonFixtures.pane(tour, step: 0, size: large).lines == [
        "┌─ Step 1/2: Everything at once ─────────────────────┐",
        "│ Text with emphasis, strong, ~gone~ and avail.idx,  │",
        "│ see the spec[1] or https://x.org.                  │",
        "│                                                    │",
        "│ Small heading                                      │",
        "│                                                    │",
        "│ │ struct vring_desc { le64 addr; le32 len; };      │",
        "│                                                    │",
        "│ • one                                              │",
        "│ • two                                              │",
        "│   ◦ nested item that wraps onto a second line      │",
        "│   [✓] done                                         │",
        "│   [ ] todo                                         │",
        "│                                                    │",
        "│ 3. third                                           │",
        "│ 4. fourth                                          │",
        "│                                                    │",
        "│ ▌ quoted text that is long enough to wrap          │",
        "│                                                    │",
        "│ Part             │  Who   │     Bytes              │",
        "│ ─────────────────┼────────┼──────────              │",
        "│ descriptor table │ driver │ 16 × size              │",
        "│ used             │ device │         6              │",
        "│                                                    │",
        "│ ────────────────────────────────────────────────── │",
        "│                                                    │",
        "│ [image: the ring]                                  │",
        "│                                                    │",
        "│ [1] https://example.org/virtio                     │",
        "│                                                    │",
        "│                                                    │",
        "│                                                    │",
        "│                                                    │",
        "│                                                    │",
        "│                                                    │",
        "│                                                    │",
        "│                                                    │",
        "└────────────────────────────────────────────────────┘",
      ])
  }

  @Test func exerciseEndsTheText() {
    let expected = [
      "┌─ Step 2/2: A question ─────────────────┐",
      "│ The driver kicks once.                 │",
      "│                                        │",
      "│ ✎ How many kicks has the driver sent   │",
      "│   so far?                              │",
      "│   • 0                                  │",
      "│   • 1                                  │",
      "│   • 2                                  │",
      "│   press a to answer                    │",
    ] + Array(repeating: "│                                        │", count: 12) + ["└────────────────────────────────────────┘"]
    #expect(LessonFixtures.pane(tour, step: 1, size: small).lines == expected)
    var answered = expected
    answered[8] = "│   ✓ answered                           │"
    #expect(LessonFixtures.pane(tour, step: 1, size: small, answered: true).lines == answered)
    let words = LessonFixtures.oneStep(
      "```exercise\nquestion: Who writes the used ring?\nchoices: driver, device\nanswer: device\n```", title: "Q")
    #expect(
      LessonFixtures.pane(words, step: 0, size: Size(width: 30, height: 7), capabilities: .minimal).lines == [
        "+- Step 1/1: Q --------------+",
        "| ? Who writes the used      |",
        "|   ring?                    |",
        "|   1. driver                |",
        "|   2. device                |",
        "|   press a to answer        |",
        "+----------------------------+",
      ])
  }

  @Test func asciiCapabilitiesGiveAnASCIIPane() {
    let grid = LessonFixtures.pane(tour, step: 0, size: small, capabilities: .minimal)
    #expect(LessonFixtures.isASCII(grid))
    #expect(
      grid.lines == [
        "+- Step 1/2: Everything at once ---------+",
        "| Text with emphasis, strong, ~gone~ and |",
        "| avail.idx, see the spec[1] or          |",
        "| https://x.org.                         |",
        "|                                        |",
        "| Small heading                          |",
        "|                                        |",
        "| | struct vring_desc { le64 addr; le32~ |",
        "|                                        |",
        "| - one                                  |",
        "| - two                                  |",
        "|   * nested item that wraps onto a      |",
        "|     second line                        |",
        "|   [x] done                             |",
        "|   [ ] todo                             |",
        "|                                        |",
        "| 3. third                               |",
        "| 4. fourth                              |",
        "|                                        |",
        "| > quoted text that is long enough to   |",
        "| > wrap                                 |",
        "+----------------- v more (j/k) 1-20/31 -+",
      ])
    for scroll in [0, 5, 11] {
      #expect(LessonFixtures.isASCII(LessonFixtures.pane(tour, step: 0, size: large, scroll: scroll, capabilities: .minimal)))
      #expect(LessonFixtures.isASCII(LessonFixtures.pane(tour, step: 1, size: small, scroll: scroll, capabilities: .minimal)))
    }
  }

  @Test func styles() {
    let grid = LessonFixtures.pane(tour, step: 0, size: small)
    #expect(grid[0, 0].style == Theme.dark.style(.border))
    #expect(grid[3, 0].style.bold)  // the title
    #expect(grid[2, 7].style == Theme.dark.style(.dim))  // the code bar
    #expect(grid[4, 7].style == Theme.dark.style(.codeBlock))
    let indicator = grid.lines[21].firstIndex(of: "↓").map { grid.lines[21].distance(from: grid.lines[21].startIndex, to: $0) }
    #expect(indicator.map { grid[$0, 21].style.bold } == true)
    var focused = CellGrid(size: small)
    LessonPane.render(
      in: focused.bounds, into: &focused, lesson: tour, stepIndex: 0, scroll: 0, theme: .dark, capabilities: .full,
      focused: true)
    #expect(focused[0, 0].style == Theme.dark.style(.borderFocused))
  }

  @Test func speakerNotesNeverShow() {
    for size in [small, large] {
      for step in 0..<2 {
        for scroll in 0...12 {
          #expect(!LessonFixtures.pane(tour, step: step, size: size, scroll: scroll).text.contains("SECRET"))
        }
      }
    }
  }

  @Test func stepIndexIsClampedAndRenderingIsPureAndPlaced() {
    #expect(LessonFixtures.pane(tour, step: 7, size: small) == LessonFixtures.pane(tour, step: 1, size: small))
    #expect(LessonFixtures.pane(tour, step: -1, size: small) == LessonFixtures.pane(tour, step: 0, size: small))
    // Drawn at an offset, the pane lands exactly there and touches nothing else.
    var grid = CellGrid(width: 50, height: 26)
    grid.fill(grid.bounds, character: "#")
    LessonPane.render(
      in: Rect(x: 3, y: 2, width: 42, height: 22), into: &grid, lesson: tour, stepIndex: 0, scroll: 0, theme: .dark,
      capabilities: .full)
    let expected = LessonFixtures.pane(tour, step: 0, size: small)
    for y in 0..<26 {
      for x in 0..<50 {
        let inside = x >= 3 && x < 45 && y >= 2 && y < 24
        #expect(grid[x, y] == (inside ? expected[x - 3, y - 2] : Cell("#")), "(\(x), \(y))")
      }
    }
  }

  @Test func narrowTitlesAreCutAndTinyPanesNeverTrap() {
    // The step's title does not fit 14 cells: the border keeps the number, the title bar shows the title whole.
    #expect(
      LessonFixtures.pane(tour, step: 0, size: Size(width: 20, height: 4)).lines == [
        "┌─ Step 1/2 ───────┐",
        "│ Text with        │",
        "│ emphasis,        │",
        "└─────── ↓ 1-2/41 ─┘",
      ])
    for width in 0...8 {
      for height in 0...5 {
        for capabilities in [TerminalCapabilities.full, .minimal] {
          let grid = LessonFixtures.pane(tour, step: 0, size: Size(width: width, height: height), scroll: 3, capabilities: capabilities)
          #expect(grid.size == Size(width: width, height: height))
        }
      }
    }
  }

  @Test func controlCharactersInLessonTextNeverReachTheGrid() {
    // The parser refuses such files; a Lesson built in code must still be safe.
    let evil = "x\u{1B}[2J\u{1B}]0;pwned\u{7}y\u{9B}31m\u{7F}"
    let position = SourcePosition(file: "evil.md", line: 1, column: 1)
    let step = LessonStep(
      title: "T" + evil, blocks: [.paragraph([.text(evil)]), .codeBlock(info: "", text: evil)],
      exercise: Exercise(question: evil, choices: [evil, "b"], hint: evil, position: position), position: position)
    let lesson = Lesson(meta: LessonMeta(id: "e", idPosition: position, title: evil), steps: [step], file: "evil.md")
    for capabilities in [TerminalCapabilities.full, .minimal] {
      let grid = LessonFixtures.pane(lesson, step: 0, size: large, capabilities: capabilities)
      #expect(!grid.cells.contains { $0.character.value < 0x20 || (0x7F...0x9F).contains($0.character.value) })
      #expect(grid.text.contains(capabilities.unicode ? "x�[2J�]0;pwned�y�31m�" : "x?[2J?]0;pwned?y?31m?"))
    }
  }
}
