import Testing

@testable import VirtioLessons

@Suite struct ExerciseTests {
  private func exerciseLesson(_ lines: String) -> String {
    lesson("## A\nText.\n\n```exercise\n" + lines + "\n```\n")
  }

  @Test func allKeysAndContinuationLines() throws {
    let parsed = try #require(
      parse(
        exerciseLesson(
          """
          question: How many VM exits does the
            emulated NIC take?

          check: flow.exits
          choices: 1, 2 ,  4
          hint: Count the MMIO writes.
          explain: Each MMIO write
            to the doorbell traps.
          """)
      ).0)
    #expect(
      parsed.steps[0].exercise
        == Exercise(
          question: "How many VM exits does the emulated NIC take?", check: "flow.exits",
          checkPosition: .init(file: "t.md", line: 11, column: 8), choices: ["1", "2", "4"],
          hint: "Count the MMIO writes.", explain: "Each MMIO write to the doorbell traps.",
          position: .init(file: "t.md", line: 7, column: 1)))
  }

  @Test(arguments: [
    ("question: Q\nanswer: 1\nanswer: 2", "t.md:10:1: error: exercise key 'answer' appears more than once"),
    ("question: Q", "t.md:7:1: error: exercise needs an 'answer:', a 'check:' or a 'goal:'"),
    ("question:\nanswer: 1", "t.md:8:1: error: exercise 'question' is empty"),
    ("question: Q\nanswer: 1\njust text", "t.md:10:1: error: expected 'key: value' in exercise"),
    (
      "question: Q\nanswer: 1\nsolution: 3",
      "t.md:10:1: error: unknown exercise key 'solution' (keys: question, answer, check, choices, hint, explain, goal, play, prelude)"
    ),
    ("question: Q\nanswer: 5\nchoices: 1, 2", "t.md:9:9: error: answer '5' is not one of the choices"),
    ("question: Q\nanswer: 1\nchoices: 1,", "t.md:10:10: error: exercise 'choices' has an empty choice"),
    ("question: Q\nanswer: 1\nchoices: 1", "t.md:10:10: error: exercise 'choices' needs at least two choices"),
    ("quesiton: Q\nanswer: 1", "t.md:8:1: error: unknown exercise key 'quesiton'; did you mean 'question'?"),
    ("question: Q\nanswer: 1\nplay: later", "t.md:10:7: error: exercise 'play' is 'later'; write after or before"),
    (
      "question: Q\nanswer: 1\nprelude: none",
      "t.md:10:10: error: exercise 'prelude' is 'none'; write how many of the step's scripts play before the question (1 or more)"
    ),
    ("question: Q\nanswer: 1\nprelude: 0", "t.md:10:10: error: exercise 'prelude' is '0'; write how many of the step's scripts play before the question (1 or more)"),
    ("question: Q\nanswer: 1\nplay: before\nprelude: 1", "t.md:11:1: error: exercise 'prelude' needs 'play: after' and a question (not a goal)"),
    ("question: Q\nanswer: 1\nprelude: 1", "t.md:10:10: error: exercise 'prelude' is 1 but the step has 0 scripts: at least one must play after the answer"),
  ])
  func exerciseErrors(_ lines: String, _ expected: String) {
    let (parsed, diagnostics) = parse(exerciseLesson(lines))
    #expect(parsed == nil)
    #expect(diagnostics == [expected])
  }

  @Test func playDefaultsToAfterAndReadsBeforeAndAPrelude() throws {
    #expect(try #require(parse(exerciseLesson("question: Q\nanswer: 1")).0).steps[0].exercise?.play == .after)
    let before = try #require(parse(exerciseLesson("question: Q\nanswer: 1\nplay: Before")).0).steps[0].exercise
    #expect(before?.play == .before && before?.holdsPlayback == false)
    let goal = try #require(parse(exerciseLesson("question: Q\ngoal: kicks == 1")).0).steps[0].exercise
    #expect(goal?.play == .after && goal?.holdsPlayback == false)
    let text = lesson("## A\n```virtio\ndriver kick\n```\n```virtio\ndevice pop\n```\n```exercise\nquestion: Q\ncheck: kicks\nprelude: 1\n```\n")
    let (parsed, diagnostics) = parse(text)
    #expect(diagnostics == [])
    let exercise = try #require(parsed?.steps[0].exercise)
    #expect(exercise.prelude == 1 && exercise.holdsPlayback && exercise.preludePosition?.column == 10)
  }

  @Test func oneExercisePerStep() {
    let text = lesson("## A\n```exercise\nquestion: Q\nanswer: 1\n```\n```exercise\nquestion: R\nanswer: 2\n```\n")
    #expect(parse(text).1 == ["t.md:9:1: error: a step has at most one exercise"])
  }

  @Test func answersCompareByValue() {
    #expect(ExerciseAnswer(parsing: " 0x10 ") == .integer(16))
    #expect(ExerciseAnswer(parsing: "-3") == .integer(-3))
    #expect(ExerciseAnswer(parsing: "queue  Full") == .word("queue Full"))
    #expect(ExerciseAnswer(parsing: "1.5") == .word("1.5"))
    #expect(ExerciseAnswer(parsing: "99999999999999999999") == .word("99999999999999999999"))
    #expect(ExerciseAnswer(parsing: "  ") == nil)
    #expect(ExerciseAnswer.integer(16).matches("0X10"))
    #expect(ExerciseAnswer.integer(16).matches("16"))
    #expect(!ExerciseAnswer.integer(16).matches("sixteen"))
    #expect(ExerciseAnswer.word("queueFull").matches(" QUEUEFULL "))
    #expect(!ExerciseAnswer.word("queueFull").matches("queue"))
  }
}
