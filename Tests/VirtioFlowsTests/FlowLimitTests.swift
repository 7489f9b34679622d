import TestSupport
import Testing

@testable import VirtioFlows

/// Flows at their documented limits: a run keeps at most ``FlowRecorder/maximumKeptSteps`` steps, so its memory
/// does not grow with the packet count, while its step count and totals still cover every step.
@Suite struct FlowLimitTests {
  @Test func aLongRunKeepsItsFirstStepsAndCountsTheRest() throws {
    var options = FlowOptions.defaults(for: .emulated)
    options.bytes = FlowOptions.maximumBytes
    options.packets = 2
    let before = maxRSS()
    let run = try Flows.run(.emulated, options: options)
    let counted = try Flows.run(.emulated, options: options, keepSteps: false)
    #expect(run.steps.count == FlowRecorder.maximumKeptSteps)
    #expect(run.stepCount == counted.stepCount)
    #expect(run.stepCount == 2 * (2 * 65_535 + 8))  // per packet: 2 accesses per byte, 8 other steps
    #expect(run.totals == counted.totals)
    #expect(run.textLines().contains("… 252,156 more steps not kept (a run keeps its first 10,000); the totals count them all"))
    // Kept whole, these 262,156 steps took about 600 MB; kept to 10,000, far less.
    #expect(maxRSS() - before < 150 << 20)
  }

  @Test func shortRunsKeepEveryStep() throws {
    let run = try Flows.run(.virtio)
    #expect(run.steps.count == run.stepCount)
    #expect(!run.textLines().contains { $0.hasPrefix("…") })
  }
}
