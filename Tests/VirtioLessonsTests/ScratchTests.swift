import Testing
@testable import VirtioLessons

@Test func scratch() {
  let text = """
  ---
  title: Hello
  order: 2
  setup: |
    queue size=8
  ---
  # Big title

  Intro *text* with `code` and ~~gone~~ and https://example.com. ![alt *x*](img.png)

  ## First step

  | a | b |
  |:--|--:|
  | 1 | 2 |

  - [x] done
  - [ ] todo

  ```virtio
  queue size=8
  kick
  ```

  <!-- note: say
     hello -->
  <!-- view: flow -->

  ```exercise
  question: How many?
  answer: 0x10
  choices: 16, 8
  ```

  > quote <b>bold</b>

  ## Second
  Text é with <span>x</span>
  <div>
  raw
  </div>
  """
  let (lesson, diags) = LessonParser.parse(text: text, file: "01-hello.md")
  for d in diags { print(d) }
  if let lesson { dump(lesson) }
}
