import Testing
import VirtioFlows
@testable import VirtioScript

/// A script of many flow commands keeps the steps of its latest runs only (issue 10 item 5: memory must not grow
/// with a script's length); every earlier run stays in the history with its exact totals.
@Suite struct FlowHistoryTests {
  /// 80 packets of 64 bytes through the emulated NIC: 10,880 steps, 10,000 kept (a run's own cap).
  static let line = "flow emulated packets=80 bytes=64"

  @Test func theOldestRunsLetGoOfTheirStepsPastTheSessionsBudget() throws {
    let (one, _) = try runScript("queue size=8\n\(Self.line)\n")
    let alone = try #require(one.flowRun)
    #expect(alone.stepCount == 10_880)
    #expect(alone.steps.count == 10_000)

    let (session, outcome) = try runScript(
      "queue size=8\n" + String(repeating: Self.line + "\n", count: 4)
        + "expect flow.emulated.exits == \(alone.totals.exits)\n")
    #expect(outcome == .completed)
    let history = session.flowHistory
    #expect(history.count == 4)
    // 4 × 10,000 kept steps > 20,000: the two oldest let go, the two latest keep theirs.
    #expect(history.map(\.detailDropped) == [true, true, false, false])
    #expect(history.map(\.steps.count) == [0, 0, 10_000, 10_000])
    #expect(history.reduce(0) { $0 + $1.steps.count } <= ScriptSession.maximumKeptFlowSteps)
    for run in history {
      #expect(run.totals == alone.totals)
      #expect(run.stepCount == alone.stepCount)
    }
    #expect(session.flowRun == history.last)
  }

  @Test func aDroppedRunSaysSoInItsTextAndJSON() throws {
    let (session, _) = try runScript("queue size=8\n" + String(repeating: Self.line + "\n", count: 3))
    let dropped = session.flowHistory[0]
    #expect(dropped.textLines().contains(
      "… 10,880 steps not kept (a script keeps the steps of its latest flow runs only); the totals count them all"))
    guard case .object(let members) = dropped.json else { Issue.record("not an object"); return }
    #expect(members["stepsDropped"] == .bool(true))
    #expect(members["stepCount"] == .int(10_880))
    guard case .object(let kept) = session.flowHistory[2].json else { Issue.record("not an object"); return }
    #expect(kept["stepsDropped"] == nil)
  }
}

/// `flow.wake_micros` prices the host side the exit counts leave out: the device thread's wake-up latency (issue 15
/// item 2), so that a lesson can pin the figure its text states.
@Suite struct FlowWakeLatencyTests {
  @Test func virtioPricesItsOneWakeUpAndAssignmentHasNone() throws {
    let (session, outcome) = try runScript(
      "queue size=8\nflow virtio bytes=64\nexpect flow.wake_ups == 1\nexpect flow.wake_micros == 20\n"
        + "flow assigned bytes=64\nexpect flow.wake_ups == 0\nexpect flow.wake_micros == 0\n")
    #expect(outcome == .completed)
    #expect(session.flowRun?.totals.wakeUpMicros == 0)
  }

  @Test func theFigureFollowsTheCostModelsKnob() throws {
    let (_, outcome) = try runScript(
      "queue size=8\nflow virtio bytes=64 wake-up=7.4\nexpect flow.wake_ups == 1\n"
        + "expect flow.wake_micros == 7\n")
    #expect(outcome == .completed)
  }
}
