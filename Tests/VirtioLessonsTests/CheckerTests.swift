import Testing

@testable import VirtioLessons

/// A scripted engine: each script's source names its outcome.
private struct FakeEvaluator: ScriptEvaluating {
  var log: [String] = []
  var values: [String: EngineValue] = [:]

  func syntaxProblem(in script: StepScript) -> ScriptProblem? {
    script.source.hasPrefix("syntax") ? ScriptProblem(message: "bad syntax", line: 2, column: 3) : nil
  }
  mutating func reset() { log.append("reset") }
  mutating func run(_ script: StepScript) -> ScriptProblem? {
    log.append(script.source)
    if let problem = syntaxProblem(in: script) { return problem }
    return script.source.hasPrefix("fail") ? ScriptProblem(message: "expectation failed", line: 1, column: 1) : nil
  }
  func evaluate(_ expression: String) -> Result<EngineValue, ScriptProblem> {
    values[expression].map { .success($0) } ?? .failure(ScriptProblem(message: "unknown quantity '\(expression)'"))
  }
}

@Suite struct CheckerTests {
  private let text = """
    ---
    title: T
    setup: one
    ---
    ## A
    ```virtio
    two
    ```
    ```exercise
    question: Q
    check: kicks
    answer: 2
    ```
    ## B
    ```virtio
    fail here
    ```
    ## C
      ```virtio
      syntax x
      more
      ```
    """

  @Test func runsScriptsInOrderAndMapsPositions() {
    var checker = LessonChecker(evaluator: FakeEvaluator(values: ["kicks": EngineValue(text: "1", number: 1)]))
    let diagnostics = checker.check(bytes: Array(text.utf8), file: "t.md").map(\.description)
    #expect(
      diagnostics == [
        "t.md:9:1: error: exercise has no 'explain:': say why the answer is what it is and what the usual wrong answer misses (shown after the answer)",
        "t.md:12:9: error: answer '2' disagrees with the engine: 'kicks' is 1",
        "t.md:16:1: error: expectation failed",
        "t.md:21:5: error: bad syntax",
      ])
    #expect(checker.evaluator.log == ["reset", "one", "two", "fail here"])
  }

  @Test func uncheckableExpressionsAndChoices() {
    let lesson = """
      ---
      title: T
      ---
      ## A
      ```exercise
      question: Q
      check: nope
      ```
      ## B
      ```exercise
      question: R
      check: kicks
      choices: 3, 4
      ```
      """
    var checker = LessonChecker(evaluator: FakeEvaluator(values: ["kicks": EngineValue(text: "1", number: 1)]))
    #expect(
      checker.check(bytes: Array(lesson.utf8), file: "t.md").map(\.description) == [
        "t.md:5:1: error: exercise has no 'explain:': say why the answer is what it is and what the usual wrong answer misses (shown after the answer)",
        "t.md:7:8: error: check 'nope' has no value: unknown quantity 'nope'",
        "t.md:10:1: error: exercise has no 'explain:': say why the answer is what it is and what the usual wrong answer misses (shown after the answer)",
        "t.md:12:8: error: no choice matches the engine: 'kicks' is 1",
      ])
  }

  @Test func stepFitsHookIsCalledForEveryStep() {
    var seen: [Int] = []
    var checker = LessonChecker(evaluator: FakeEvaluator()) { lesson, index in
      seen.append(index)
      return index == 1 ? .error("step does not fit 80×24", at: lesson.steps[index].position) : nil
    }
    let diagnostics = checker.check(bytes: Array(lesson("## A\nx\n## B\ny\n").utf8), file: "t.md")
    #expect(diagnostics.map(\.description) == ["t.md:6:1: error: step does not fit 80×24"])
    #expect(seen == [0, 1])
  }

  @Test func parseErrorsStopBeforeChecking() {
    var checker = LessonChecker(evaluator: FakeEvaluator())
    #expect(checker.check(bytes: Array("hello".utf8), file: "t.md").count == 1)
    #expect(checker.evaluator.log == [])
  }

  @Test func anExerciseWithoutExplainIsAnErrorAtItsFence() {
    let lesson = """
      ---
      title: T
      ---
      ## A
      Text.

        ```exercise
        question: Q
        answer: 1
        ```
      ## B
      ```exercise
      question: R
      answer: 2
      explain: Why.
      ```
      ## C
      ```exercise
      question: Make it fail.
      goal: error == queue-full
      ```
      """
    var checker = LessonChecker(evaluator: FakeEvaluator())
    let diagnostics = checker.check(bytes: Array(lesson.utf8), file: "t.md")
    #expect(
      diagnostics.map(\.description) == [
        "t.md:7:3: error: \(LessonChecker<FakeEvaluator>.missingExplain)",
        "t.md:18:1: error: \(LessonChecker<FakeEvaluator>.missingExplain)",
      ])
    #expect(diagnostics.allSatisfy { $0.isError })
    // The parser alone accepts it: a draft still opens in the tutor.
    #expect(LessonParser.parse(text: lesson, file: "t.md").1.isEmpty)
  }

  @Test func engineValuesMatchAnswers() {
    #expect(EngineValue(text: "3", number: 3).matches(.integer(3)))
    #expect(!EngineValue(text: "3", number: 3).matches(.integer(-3)))
    #expect(EngineValue(text: "ACKNOWLEDGE|DRIVER", number: 3).matches(.integer(3)))
    #expect(EngineValue(text: "ACKNOWLEDGE|DRIVER", number: 3).matches(.word("acknowledge|driver")))
    #expect(EngineValue(text: "queueFull").matches(.word("QueueFull")))
    #expect(!EngineValue(text: "queueFull").matches(.integer(0)))
  }
}

/// The real engine (VirtioScript) behind the seam.
@Suite struct EngineCheckerTests {
  @Test func goodFixturePassesTheEngine() {
    var checker = LessonChecker(evaluator: EngineScriptEvaluator())
    let diagnostics = checker.check(bytes: Fixture.bytes("good/01-split-ring.md"), file: "good/01-split-ring.md")
    #expect(diagnostics.map(\.description) == [])
  }

  @Test func engineFailuresArePositionedInTheFile() {
    let text = """
      ---
      title: T
      setup: queue size=8
      ---
      ## A
        ```virtio
        driver add out=64
        driver publsh
        ```
      ## B
      ```virtio
      expect avail.idx == 1
      ```
      """
    var checker = LessonChecker(evaluator: EngineScriptEvaluator())
    let diagnostics = checker.check(bytes: Array(text.utf8), file: "t.md")
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.position == SourcePosition(file: "t.md", line: 8, column: 10))
  }

  @Test func expectationFailuresAndWrongAnswers() {
    let text = """
      ---
      title: T
      setup: queue size=8
      ---
      ## A
      ```virtio
      driver add out=64
      expect avail.idx == 1
      ```
      """
    var checker = LessonChecker(evaluator: EngineScriptEvaluator())
    let diagnostics = checker.check(bytes: Array(text.utf8), file: "t.md")
    #expect(diagnostics.map(\.position.line) == [8])
    #expect(diagnostics.first?.message.contains("avail.idx") == true)

    let wrong = """
      ---
      title: T
      setup: queue size=8
      ---
      ## A
      ```virtio
      driver add out=64
      driver publish
      driver kick
      ```
      ```exercise
      question: How many kicks?
      check: kicks
      answer: 2
      explain: One kick line.
      ```
      """
    #expect(
      checker.check(bytes: Array(wrong.utf8), file: "t.md").map(\.description) == [
        "t.md:14:9: error: answer '2' disagrees with the engine: 'kicks' is 1"
      ])
  }
}
