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

  /// The issue's own example, at values the CLI accepts: 64 packets of 65,535 bytes through the emulated NIC
  /// (8.4 million register accesses). Past the kept steps the accesses are counted in one multiplication, so the
  /// run neither grows with its step count nor builds labels it drops; both directions and both variants.
  @Test(arguments: [(EmulatedVariant.pio, Direction.tx), (.pio, .rx), (.mmio, .tx), (.mmio, .rx)])
  func theEmulatedFlowAtItsLimitsCountsEveryAccess(variant: EmulatedVariant, direction: Direction) throws {
    var options = FlowOptions.defaults(for: .emulated)
    options.bytes = FlowOptions.maximumBytes
    options.packets = FlowOptions.maximumEmulatedBytes / FlowOptions.maximumBytes
    options.variant = variant
    options.mmioWidth = 1
    options.direction = direction
    options.mtu = FlowOptions.maximumBytes
    let before = maxRSS()
    let run = try Flows.run(.emulated, options: options)
    #expect(options.packets == 64)
    #expect(run.stepCount == 64 * (2 * 65_535 + 8))
    #expect(run.steps.count == FlowRecorder.maximumKeptSteps)
    #expect(run.totals.userspaceExits == 64 * (2 * 65_535 + 3))  // 2·B accesses + 3 handler accesses per packet
    #expect(run.totals.interruptExits == 64)  // one EOI exit per packet
    #expect(run.steps.allSatisfy { !$0.summary.isEmpty })
    #expect(maxRSS() - before < 150 << 20)
  }

  /// Counting a run in one go gives exactly the totals of stepping through it (the same flow, small enough to keep
  /// every step), so the multiplication is not a shortcut that changes a figure.
  @Test(arguments: [Direction.tx, .rx])
  func countedAccessesEqualSteppedAccesses(direction: Direction) throws {
    var options = FlowOptions.defaults(for: .emulated)
    options.bytes = 4_000
    options.packets = 1
    options.direction = direction
    options.mtu = 4_000
    let stepped = try Flows.run(.emulated, options: options)
    #expect(stepped.steps.count == stepped.stepCount && stepped.stepCount == 2 * 4_000 + 8)
    #expect(FlowTotals(steps: stepped.steps, cost: stepped.cost) == stepped.totals)
    let counted = try Flows.run(.emulated, options: options, keepSteps: false)
    #expect(counted.totals == stepped.totals && counted.stepCount == stepped.stepCount)
    options.packets = 2  // 16,016 steps: the second packet passes the cap in the middle of its accesses
    let mixed = try Flows.run(.emulated, options: options)
    let countedTwo = try Flows.run(.emulated, options: options, keepSteps: false)
    #expect(mixed.steps.count == FlowRecorder.maximumKeptSteps)
    #expect(mixed.stepCount == 2 * stepped.stepCount && countedTwo.stepCount == mixed.stepCount)
    #expect(mixed.totals == countedTwo.totals)
    #expect(mixed.totals.cycles == 2 * stepped.totals.cycles)
  }

  @Test func shortRunsKeepEveryStep() throws {
    let run = try Flows.run(.virtio)
    #expect(run.steps.count == run.stepCount)
    #expect(!run.textLines().contains { $0.hasPrefix("…") })
  }
}
