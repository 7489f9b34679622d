import TermGrid
import Testing
import VirtioLessons

@testable import TutorUI

/// Help, lesson index, exercise prompt, too-small and blank screens.
@Suite struct LessonOverlayTests {
  let screen = Size(width: 80, height: 24)

  func draw(_ size: Size? = nil, _ body: (inout CellGrid) -> Void) -> CellGrid {
    var grid = CellGrid(size: size ?? screen)
    body(&grid)
    return grid
  }

  @Test func helpGolden80x24() {
    let grid = draw { HelpOverlay.render(in: $0.bounds, into: &$0, theme: .dark, capabilities: .full) }
    #expect(
      grid.lines == [
        "",
        "     ┌─ Keys ────────────────────────────────────────────────────────────┐",
        "     │                                                                   │",
        "     │ Steps      → l Space PgDn n Enter  next step                      │",
        "     │            ← h PgUp p Backspace    previous step                  │",
        "     │            g Home  G End           first / last step              │",
        "     │            0-9 :                   go to step: digits, Enter      │",
        "     │ Lessons    i Tab                   lesson index                   │",
        "     │ Animation  s  S                    play / pause; end of step      │",
        "     │            e ,  E ]  [             next/back hop; next/back event │",
        "     │            + -                     faster / slower                │",
        "     │            r                       replay the step                │",
        "     │ Text       ↑ ↓ j k  f              scroll; f: text or log         │",
        "     │ Exercise   a                       answer the exercise            │",
        "     │            x  v                    redo it / review the lesson's  │",
        "     │            c                       sandbox: type commands, watch  │",
        "     │ Screen     b .  ?                  blank the screen / this help   │",
        "     │            Esc                     close an overlay (never quits) │",
        "     │            q Ctrl-C                quit                           │",
        "     │                                                                   │",
        "     │ Esc or ? closes this help                                         │",
        "     │                                                                   │",
        "     └───────────────────────────────────────────────────────────────────┘",
        "",
      ])
    #expect(grid[10, 10].style == Theme.dark.style(.overlay))
    #expect(grid[7, 3].style == Style(fg: .yellow, bg: .blue, bold: true))  // "Steps"
    #expect(grid[18, 3].style == Style(fg: .white, bg: .blue, bold: true))  // a key
  }

  @Test func helpInASCIISpellsArrows() {
    let grid = draw { HelpOverlay.render(in: $0.bounds, into: &$0, theme: .dark, capabilities: .minimal) }
    #expect(LessonFixtures.isASCII(grid))
    #expect(grid.lines[1] == "   +- Keys ----------------------------------------------------------------+")
    #expect(grid.lines[3] == "   | Steps      Right l Space PgDn n Enter  next step                      |")
    #expect(grid.lines[12] == "   | Text       Up Down j k  f              scroll; f: text or log         |")
  }

  /// Every key the help names does something in the lead's key map, and F5 does nothing.
  @Test func helpAgreesWithTheKeyMap() {
    func key(_ token: String) -> Key? {
      switch token {
      case "→": .right
      case "←": .left
      case "↑": .up
      case "↓": .down
      case "Space": .character(" ")
      case "0-9": .character("7")
      case "PgDn": .pageDown
      case "PgUp": .pageUp
      case "Enter": .enter
      case "Backspace": .backspace
      case "Home": .home
      case "End": .end
      case "Tab": .tab
      case "Esc": .escape
      case "Ctrl-C": .ctrl("c")
      default: token.count == 1 ? .character(token.first!) : nil
      }
    }
    for entry in KeyHelp.entries {
      for token in entry.keys.split(separator: " ").map(String.init) {
        let parsed = key(token)
        #expect(parsed != nil, "\(token)")
        if let parsed { #expect(KeyMap.intent(for: parsed) != .none, "\(token) (\(entry.action))") }
      }
    }
    #expect(KeyMap.intent(for: .function(5)) == .none)
    #expect(KeyHelp.groups == ["Steps", "Lessons", "Animation", "Text", "Exercise", "Screen"])
    #expect(KeyHelp.spelled("← h ↑ ↓ →", unicode: false) == "Left h Up Down Right")
    #expect(KeyHelp.spelled("← h", unicode: true) == "← h")
  }

  let entries = [
    LessonIndexOverlay.Entry(
      title: "The split virtqueue", minutes: 10, summary: "How a driver offers a buffer and a device returns it.",
      completed: true),
    LessonIndexOverlay.Entry(
      title: "Notifications and event index: when kicks and interrupts are suppressed", minutes: 15),
    LessonIndexOverlay.Entry(title: "Three ways to send a packet", summary: "Emulated, assigned, virtio."),
  ]

  @Test func lessonIndexGolden80x24() {
    let grid = draw {
      LessonIndexOverlay.render(
        in: $0.bounds, into: &$0, entries: entries, selected: 1, current: 0, theme: .dark, capabilities: .full)
    }
    #expect(
      grid.lines == Array(repeating: "", count: 7) + [
        "      ┌─ Lessons ────────────────────────────────────────────────────────┐",
        "      │                                                                  │",
        "      │ ▸✓ 1/3  The split virtqueue                               10 min │",
        "      │    2/3  Notifications and event index: when kicks and i…  15 min │",
        "      │    3/3  Three ways to send a packet                              │",
        "      │                                                                  │",
        "      │ ↑↓ choose · Enter open · Esc close                               │",
        "      │                                                                  │",
        "      └──────────────────────────────────────────────────────────────────┘",
      ] + Array(repeating: "", count: 8))
    // The selected row is highlighted across the content width, and only it.
    #expect((8...71).allSatisfy { grid[$0, 10].style.reverse })
    #expect(!(8...71).contains { grid[$0, 9].style.reverse || grid[$0, 11].style.reverse })
    // With a summary the selected lesson's summary shows under the list.
    let first = draw {
      LessonIndexOverlay.render(
        in: $0.bounds, into: &$0, entries: entries, selected: 0, current: nil, theme: .dark, capabilities: .minimal)
    }
    #expect(LessonFixtures.isASCII(first))
    #expect(
      first.lines.filter { !$0.isEmpty } == [
        "      +- Lessons --------------------------------------------------------+",
        "      |                                                                  |",
        "      |  * 1/3  The split virtqueue                               10 min |",
        "      |    2/3  Notifications and event index: when kicks and i~  15 min |",
        "      |    3/3  Three ways to send a packet                              |",
        "      |                                                                  |",
        "      | How a driver offers a buffer and a device returns it.            |",
        "      | Up/Down choose - Enter open - Esc close                          |",
        "      |                                                                  |",
        "      +------------------------------------------------------------------+",
      ])
  }

  @Test func lessonIndexScrollsToKeepTheSelectionVisible() {
    let many = (1...40).map { (n: Int) in LessonIndexOverlay.Entry(title: "Lesson \(n)", minutes: n) }
    for selected in [0, 1, 17, 38, 39, 99, -4] {
      let grid = draw {
        LessonIndexOverlay.render(
          in: $0.bounds, into: &$0, entries: many, selected: selected, theme: .dark, capabilities: .full)
      }
      let chosen = min(max(selected, 0), 39) + 1
      let row = grid.lines.firstIndex { $0.contains(" \(chosen)/40  Lesson \(chosen) ") }
      #expect(row != nil, "selected \(selected)\n\(grid.text)")
      if let row { #expect(grid[10, row].style.reverse, "selected \(selected)") }
      #expect(grid.lines.filter { $0.contains("/40") }.count == 16, "\(grid.text)")  // 24 - border, padding, margins, footer
    }
    let empty = draw {
      LessonIndexOverlay.render(in: $0.bounds, into: &$0, entries: [], selected: 0, theme: .dark, capabilities: .full)
    }
    #expect(empty.text.contains("no lessons found"))
  }

  let lesson = LessonFixtures.lesson(LessonFixtures.tour)

  @Test func exercisePromptGolden80x24() {
    let exercise = lesson.steps[1].exercise!
    let grid = draw {
      ExerciseOverlay.render(
        in: $0.bounds, into: &$0, exercise: exercise, prompt: ExercisePrompt(selected: 1), theme: .dark, capabilities: .full)
    }
    #expect(
      grid.lines == Array(repeating: "", count: 6) + [
        "          ┌─ Exercise ───────────────────────────────────────────────┐",
        "          │                                                          │",
        "          │ How many kicks has the driver sent so far?               │",
        "          │                                                          │",
        "          │   • 0                                                    │",
        "          │ ▸ • 1                                                    │",
        "          │   • 2                                                    │",
        "          │                                                          │",
        "          │ ↑↓ choose · Enter or its number picks · Esc closes       │",
        "          │                                                          │",
        "          └──────────────────────────────────────────────────────────┘",
      ] + Array(repeating: "", count: 7))
  }

  @Test func exerciseFeedback() {
    let exercise = lesson.steps[1].exercise!
    let wrong = draw {
      ExerciseOverlay.render(
        in: $0.bounds, into: &$0, exercise: exercise,
        prompt: ExercisePrompt(selected: 0, feedback: .incorrect("0 is not it. Hint: Count them.")), theme: .dark,
        capabilities: .full)
    }
    let wrongRow = wrong.lines.firstIndex { $0.contains("✗ 0 is not it. Hint: Count them.") }
    #expect(wrongRow != nil)
    if let wrongRow { #expect(wrong[12, wrongRow].style == Style(fg: .red, bg: .blue, bold: true)) }
    let right = draw {
      ExerciseOverlay.render(
        in: $0.bounds, into: &$0, exercise: exercise,
        prompt: ExercisePrompt(selected: 1, feedback: .correct("1 is right", explanation: "One kick so far.")),
        theme: .dark, capabilities: .minimal)
    }
    #expect(LessonFixtures.isASCII(right))
    let rightRow = right.lines.firstIndex { $0.contains("| + 1 is right") }
    #expect(rightRow != nil)
    if let rightRow { #expect(right[12, rightRow].style == Style(fg: .green, bg: .blue)) }
    if let rightRow { #expect(right.lines[rightRow + 1].contains("|   One kick so far.")) }
    #expect(right.text.contains("> - 1") && !right.text.contains("Answer:"))
  }

  @Test func exerciseChoicesAreNumberedUnlessTheyAreNumbers() {
    let words = Exercise(question: "Who?", choices: ["driver", "device"], position: SourcePosition(file: "f", line: 1, column: 1))
    #expect(ExerciseOverlay.choicesAreNumbered(words))
    #expect(!ExerciseOverlay.choicesAreNumbered(lesson.steps[1].exercise!))
    let grid = draw(Size(width: 40, height: 16)) {
      ExerciseOverlay.render(
        in: $0.bounds, into: &$0, exercise: words, prompt: ExercisePrompt(selected: 1), theme: .dark, capabilities: .full)
    }
    #expect(
      grid.lines == [
        "",
        "",
        "  ┌─ Exercise ───────────────────────┐",
        "  │                                  │",
        "  │ Who?                             │",
        "  │                                  │",
        "  │   1. driver                      │",
        "  │ ▸ 2. device                      │",
        "  │                                  │",
        "  │ ↑↓ choose · Enter or its number  │",
        "  │ picks · Esc closes               │",
        "  │                                  │",
        "  └──────────────────────────────────┘",
        "",
        "",
        "",
      ])
  }

  @Test func tooSmallScreens() {
    func small(_ width: Int, _ height: Int, _ capabilities: TerminalCapabilities = .full) -> [String] {
      draw(Size(width: width, height: height)) {
        TooSmallScreen.render(in: $0.bounds, into: &$0, theme: .dark, capabilities: capabilities)
      }.lines
    }
    #expect(
      small(79, 24) == Array(repeating: "", count: 10) + [
        "                       too small: need 80×24, have 79×24",
        "",
        "                   enlarge the terminal or zoom out; q quits",
      ] + Array(repeating: "", count: 11))
    #expect(small(20, 5) == ["  too small: need", "  80×24, have 20×5", "", "enlarge the terminal", "or zoom out; q quits"])
    #expect(small(12, 3) == [" too small:", "need 80×24,", " have 12×3"])
    #expect(small(1, 1) == ["t"])
    #expect(small(20, 5, .minimal)[1] == "  80x24, have 20x5")
    for width in 0...12 {
      for height in 0...4 {
        #expect(small(width, height).count == height)
      }
    }
    #expect(TooSmallScreen.message(have: Size(width: 3, height: 2)) == "too small: need 80×24, have 3×2")
  }

  @Test func blankScreen() {
    var grid = CellGrid(width: 80, height: 24)
    HelpOverlay.render(in: grid.bounds, into: &grid, theme: .dark, capabilities: .full)
    BlankScreen.render(in: grid.bounds, into: &grid, theme: .dark)
    #expect(grid == CellGrid(width: 80, height: 24))
    BlankScreen.render(in: grid.bounds, into: &grid, theme: .dark, hint: true)
    #expect(grid.lines[23] == String(repeating: " ", count: 68) + "b to return")
    #expect(grid[74, 23].style == Theme.dark.style(.dim))
    var tiny = CellGrid(width: 3, height: 1)
    BlankScreen.render(in: tiny.bounds, into: &tiny, theme: .dark, hint: true)
    #expect(tiny == CellGrid(width: 3, height: 1))
  }

  @Test func overlaysNeverTrapAtAnySize() {
    let exercise = lesson.steps[1].exercise!
    for width in [0, 1, 2, 5, 9, 20, 300] {
      for height in [0, 1, 2, 3, 7, 100] {
        var grid = CellGrid(width: width, height: height)
        for capabilities in [TerminalCapabilities.full, .minimal] {
          HelpOverlay.render(in: grid.bounds, into: &grid, theme: .projector, capabilities: capabilities)
          LessonIndexOverlay.render(
            in: grid.bounds, into: &grid, entries: entries, selected: 2, current: 1, theme: .light,
            capabilities: capabilities)
          ExerciseOverlay.render(
            in: grid.bounds, into: &grid, exercise: exercise, prompt: ExercisePrompt(input: "abc", feedback: .incorrect("no")),
            theme: .dark, capabilities: capabilities)
          ReviewOverlay.render(
            in: grid.bounds, into: &grid,
            rows: [ReviewOverlay.Row(step: 3, question: String(repeating: "q", count: 90), attempts: 2, result: nil)],
            theme: .projector, capabilities: capabilities)
        }
        #expect(grid.size == Size(width: width, height: height))
      }
    }
  }
}
