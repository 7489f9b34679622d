import TermGrid
import TutorUI
import VirtioLessons

/// Lessons for the reducer and screen tests, parsed by the real parser.
enum AppFixtures {
  static let ringLesson = """
    ---
    title: Ring basics
    id: ring-basics
    order: 1
    minutes: 5
    setup: queue size=8 features=event_idx
    ---
    # Ring basics

    A queue of eight descriptors is ready.

    ## Offer a buffer

    The driver adds a chain and publishes it.

    ```virtio
    driver add out=64 in=512
    driver publish
    expect avail.idx == 1
    ```

    ## The device answers

    ```virtio
    driver kick
    device pop
    device push len=512
    device interrupt
    ```

    ```exercise
    question: What is used.idx now?
    check: used.idx
    hint: one push, one step of used.idx
    ```

    ## Take it back

    <!-- view: memory -->

    ```virtio
    driver reclaim
    expect free == 8
    ```
    """

  static let flowLesson = """
    ---
    title: Three ways
    id: three-ways
    order: 2
    ---
    ## Emulated

    <!-- view: flow -->

    ```virtio
    flow emulated bytes=4
    ```

    ## Side by side

    <!-- view: compare -->

    ```virtio
    flow compare bytes=64
    ```
    """

  static func lessons() -> [Lesson] {
    [ringLesson, flowLesson].enumerated().map { i, text in
      let (lesson, diagnostics) = LessonParser.parse(text: text, file: "fixture\(i + 1).md")
      precondition(diagnostics.filter(\.isError).isEmpty, "\(diagnostics)")
      return lesson!
    }
  }

  static func state(step: Int = 0, size: Size = Size(width: 80, height: 24), lesson: String? = nil) -> TutorState {
    TutorState(lessons: lessons(), lessonID: lesson, step: step, screen: size, theme: .dark, capabilities: .full)
  }
}
