import Testing
@testable import VirtioFlows

/// The cost model: the reference's defaults with their sources, adjustable, and applied as counts × parameters.
@Suite struct CostModelTests {
  @Test func defaultsAreTheReferenceValues() {
    let c = CostModel.default
    #expect(c.clockGHz == 3.0)
    #expect(c.exitEntryCycles == 1_000)
    #expect(c.kernelExitCycles == 1_750)
    #expect(c.userspaceExitCycles == 5_000)
    #expect(c.legacyInjectionCycles == 2_000)
    #expect(c.postedInjectionCycles == 0)
    #expect(c.wakeUpMicros == 20)
    #expect(c.injectionWorkCycles == 1_000)
  }

  @Test func everyParameterNamesItsSource() {
    for p in CostModel.Parameter.allCases {
      #expect(!p.source.isEmpty && !p.label.isEmpty)
      #expect(CostModel.Parameter(name: p.rawValue) == p)
    }
    #expect(CostModel.Parameter.userspaceExit.source.contains("derived"))
    #expect(CostModel.Parameter.legacyInjection.source.contains("assumption"))
    #expect(CostModel.Parameter.clock.source.contains("assumption"))
    #expect(CostModel.Parameter.exitEntry.source.contains("ringtest"))
    #expect(CostModel.caveat.contains("different CPUs"))
  }

  @Test func parametersAreAdjustableByName() throws {
    var c = CostModel.default
    try c.set("userspace-exit", "8000")
    try c.set("kernel_exit", "2,000")
    try c.set("clockGHz", "2.5")
    #expect(c.userspaceExitCycles == 8_000 && c.kernelExitCycles == 2_000 && c.clockGHz == 2.5)
    #expect(throws: FlowError.self) { try c.set("warp-factor", "9") }
    #expect(throws: FlowError.self) { try c.set("clock-ghz", "0") }
    #expect(throws: FlowError.self) { try c.set("exit-entry", "-1") }
    #expect(throws: FlowError.self) { try c.set("exit-entry", "1.5") }
    #expect(throws: FlowError.self) { try c.set("wake-up", "soon") }
  }

  @Test func cyclesAreCountsTimesParameters() throws {
    var c = CostModel.default
    try c.set("userspace-exit", "10000")
    try c.set("clock-ghz", "2")
    let base = try run(.emulated, [("bytes", "10")]).totals
    let t = try run(.emulated, [("bytes", "10")], cost: c).totals
    #expect(t.userspaceExits == base.userspaceExits)
    #expect(t.cycles == base.cycles + base.userspaceExits * 5_000)
    #expect(t.micros == Double(t.cycles) / 2_000)
  }

  @Test func wakeUpLatencyIsReportedApart() throws {
    var c = CostModel.default
    try c.set("wake-up", "50")
    let t = try run(.virtio, [("packets", "3")], cost: c).totals
    #expect(t.wakeUps == 1)
    #expect(t.wakeUpMicros == 50)
    #expect(t.micros == Double(t.cycles) / 3_000)
  }
}
