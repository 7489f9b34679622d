import Testing
import VirtioLessons
import VirtioScript

/// A step's scripts are parsed one way (``StepScript/parsed()``), so the checker and the tutor report the same
/// `file:line:col` for the same mistake, whatever the fence's indentation.
@Suite struct StepScriptParsingTests {
  /// A script whose fence sits inside a list item: its first character is at column 4 of line 11.
  private let indented = StepScript(
    source: "queue size=8\ndriver bogus", position: SourcePosition(file: "a.md", line: 10, column: 4))

  @Test func aSyntaxErrorIsAtItsFilePosition() {
    do {
      _ = try indented.parsed()
      Issue.record("expected a syntax error")
    } catch {
      // `bogus` is at column 8 of the script's second line: file line 11, column 4 + 8 - 1.
      #expect(error.file == "a.md" && error.line == 11 && error.column == 11)
    }
  }

  @Test func theCheckerReportsTheSamePosition() {
    var checker = EngineScriptEvaluator()
    let problem = checker.run(indented)
    let at = problem.map { indented.filePosition(line: $0.line, column: $0.column) }
    #expect(at == SourcePosition(file: "a.md", line: 11, column: 11))
    #expect(checker.syntaxProblem(in: indented).map { indented.filePosition(line: $0.line, column: $0.column) } == at)
  }

  @Test func aFailedExpectationIsAtTheFileColumnOfItsLine() throws {
    let script = StepScript(source: "queue size=8\n  expect used.idx == 3", position: SourcePosition(file: "a.md", line: 20, column: 3))
    var checker = EngineScriptEvaluator()
    let run = checker.run(script)
    let problem = try #require(run)
    #expect(script.filePosition(line: problem.line, column: problem.column) == SourcePosition(file: "a.md", line: 21, column: 5))
    let parsed = try script.parsed()
    #expect(parsed.lines.map(\.line) == [20, 21] && parsed.lines.map(\.column) == [3, 5])
  }
}
