import TermGrid
import Testing
import VirtioLessons

@testable import TutorUI

/// Lessons parsed by the real parser, and helpers that render into text grids, for the lesson pane tests.
enum LessonFixtures {
  /// Every kind of block and inline the renderer handles, in one step, plus a short step with an exercise.
  static let tour = """
    ---
    title: Rendering tour
    id: tour
    minutes: 5
    summary: Every markdown block the lesson pane draws.
    ---
    ## Everything at once

    Text with *emphasis*, **strong**, ~~gone~~ and `avail.idx`, see the [spec](https://example.org/virtio) or https://x.org.

    ### Small heading

    ```c
    struct vring_desc { le64 addr; le32 len; };
    ```

    - one
    - two
      - nested item that wraps onto a second line
      - [x] done
      - [ ] todo

    3. third
    4. fourth

    > quoted **text** that is long enough to wrap

    | Part | Who | Bytes |
    |:-----|:---:|------:|
    | descriptor table | driver | 16 × size |
    | used | device | 6 |

    ---

    ![the ring](ring.png)

    <!-- note: Speaker notes never show: SECRET -->

    ## A question

    The driver kicks once.

    ```virtio
    queue size=8
    ```

    ```exercise
    question: How many kicks has the driver sent so far?
    choices: 0, 1, 2
    answer: 1
    hint: Count them.
    ```
    """

  /// Parses `text` with the real parser; fails the test when it does not parse.
  static func lesson(_ text: String, file: String = "tour.md") -> Lesson {
    let (lesson, diagnostics) = LessonParser.parse(text: text, file: file)
    let errors = diagnostics.filter { $0.isError }
    #expect(errors.isEmpty, "\(errors)")
    return lesson ?? Lesson(
      meta: LessonMeta(id: "x", idPosition: SourcePosition(file: file, line: 1, column: 1), title: "x"),
      steps: [LessonStep(title: "x", position: SourcePosition(file: file, line: 1, column: 1))], file: file)
  }

  /// A lesson of one step with the given body (front matter added).
  static func oneStep(_ body: String, title: String = "Step") -> Lesson {
    lesson("---\ntitle: T\n---\n## \(title)\n\n" + body)
  }

  /// The markdown of `blocks` rendered at `width`, as text lines (trailing blanks trimmed).
  static func text(_ lines: [[StyledSpan]], width: Int) -> [String] {
    var grid = CellGrid(width: max(width, 1), height: lines.count)
    for (y, line) in lines.enumerated() { grid.put(line, at: Point(x: 0, y: y)) }
    return grid.lines
  }

  /// The lesson pane for `box`'s size drawn at the origin of a grid of that size.
  static func pane(
    _ lesson: Lesson, step: Int, size: Size, scroll: Int = 0, capabilities: TerminalCapabilities = .full,
    answered: Bool = false
  ) -> CellGrid {
    var grid = CellGrid(size: size)
    LessonPane.render(
      in: grid.bounds, into: &grid, lesson: lesson, stepIndex: step, scroll: scroll, theme: .dark,
      capabilities: capabilities, answered: answered)
    return grid
  }

  /// The lesson pane box the layout gives a screen of `screen`.
  static func paneSize(screen: Size) -> Size { TutorLayout(size: screen).lessonPane.size }

  /// Whether every cell of `grid` is printable ASCII.
  static func isASCII(_ grid: CellGrid) -> Bool {
    grid.cells.allSatisfy { $0.character.value >= 0x20 && $0.character.value < 0x7F }
  }
}
