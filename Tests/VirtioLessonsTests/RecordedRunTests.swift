import Foundation
import Testing
import VirtioLessons
import VirtioScript

/// `<!-- replay: NAME -->`: a recorded run of a real guest becomes one of the step's scripts, so the engine
/// replays it (and `check` verifies its expects); the compiled-in text is the checked-in fixture, verbatim.
@Suite struct RecordedRunTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  @Test func theCompiledInRecordingIsTheFixture() throws {
    for name in RecordedRun.names {
      let path = try #require(RecordedRun.fixturePath(named: name))
      let fixture = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
      // The fixture ends in a newline; the script, like every step script, does not.
      #expect(RecordedRun.script(named: name).map { $0 + "\n" } == fixture, "run guest/embed-recording")
    }
  }

  func lesson(_ body: String) -> (Lesson?, [LessonDiagnostic]) {
    LessonParser.parse(bytes: Array("---\ntitle: T\n---\n\(body)".utf8), file: "t.md")
  }

  @Test func theDirectiveAddsTheRecordingAsAScriptWhereItStands() throws {
    let (parsed, diagnostics) = lesson(
      "## Replay\n\n<!-- replay: guest-rng -->\n\n```virtio\nexpect used.idx > 0\n```\n")
    #expect(diagnostics.isEmpty)
    let step = try #require(parsed?.steps.first)
    #expect(step.scripts.count == 2)
    #expect(step.scripts.first?.source == RecordedRun.script(named: "guest-rng"))
    #expect(step.scripts.first?.position == SourcePosition(file: "Tests/VirtioHostTests/Fixtures/guest-rng-run.virtio", line: 1, column: 1))
    #expect(step.scripts.last?.source == "expect used.idx > 0")
  }

  @Test func anUnknownRecordingIsAnErrorAtItsName() {
    let (parsed, diagnostics) = lesson("## Replay\n\nText.\n\n<!-- replay: guest-rgn -->\n")
    #expect(parsed == nil)
    #expect(
      diagnostics.map(\.description) == [
        "t.md:8:14: error: no recorded run named 'guest-rgn' (recorded runs: guest-rng); did you mean 'guest-rng'?"
      ])
  }

  /// The engine replays the real guest's run with every expect holding: what our device wrote for Linux is what
  /// the engine writes when fed the same driver writes.
  @Test func theRecordingReplaysOnTheEngine() throws {
    for name in RecordedRun.names {
      let script = try #require(RecordedRun.script(named: name))
      var session = ScriptSession()
      #expect(session.run(try ScriptParser(file: name).parse(script)) == .completed)
      let pushed = try #require(session.queue?.counters.chainsPushed)
      #expect(pushed > 0)
      #expect(script.split(separator: "\n").filter { $0.hasPrefix("device push ") }.count == pushed)
    }
  }

  @Test func checkRunsTheRecordingThroughTheEngine() {
    var checker = LessonChecker(evaluator: EngineScriptEvaluator())
    let good = "---\ntitle: T\n---\n## Replay\n\n<!-- replay: guest-rng -->\n\n```virtio\nexpect error == none\n```\n"
    #expect(checker.check(bytes: Array(good.utf8), file: "t.md").map(\.description) == [])
    let bad = "---\ntitle: T\n---\n## Replay\n\n<!-- replay: guest-rng -->\n\n```virtio\nexpect used.idx == 60000\n```\n"
    let problems = checker.check(bytes: Array(bad.utf8), file: "t.md").map(\.description)
    #expect(problems.count == 1)
    #expect(problems.first?.hasPrefix("t.md:9:1: error:") == true)
  }
}
