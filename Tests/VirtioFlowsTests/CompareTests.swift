import Testing
@testable import VirtioFlows

/// `compare` and the step-by-step API.
@Suite struct CompareTests {
  @Test(arguments: [64, 1500])
  func compareRunsTheThreeFlowsOnTheSameWorkload(bytes: Int) throws {
    var o = FlowOptions()
    o.bytes = bytes
    let c = try Flows.compare(options: o)
    #expect(c.runs.map(\.flow) == [.emulated, .assigned, .virtio])
    for r in c.runs { #expect(r.steps.isEmpty && r.stepCount > 0) }
    let emulated = try #require(c.run(.emulated)).totals
    let virtio = try #require(c.run(.virtio)).totals
    #expect(emulated.exits == 2 * bytes + 3 + 1)
    #expect(try #require(c.cycleRatio(.emulated)) == Double(emulated.cycles) / Double(virtio.cycles))
    #expect(c.cycleRatio(.virtio) == 1)
    #expect(try #require(c.cycleRatio(.emulated)) > 100)
    #expect(try #require(c.run(.assigned)).totals.userspaceExits == 0)
  }

  @Test func theTableAndTheJSONCarryTheCountsAndTheCaveat() throws {
    let c = try Flows.compare()
    let text = c.textLines.joined(separator: "\n")
    #expect(text.contains("cycles ÷ virtio"))
    #expect(text.contains(CostModel.caveat))
    let flows = try #require(c.json["flows"]).elements
    #expect(flows.map { $0["flow"] } == [.string("emulated"), .string("assigned"), .string("virtio")])
    for flow in flows {
      for key in ["exits", "interrupts", "cycles", "micros", "dmaTransfers", "kicks", "exitsByKind"] {
        #expect(flow[key] != nil, "missing \(key)")
      }
    }
    #expect(flows[0]["cycles"]?.number == Double(try #require(c.run(.emulated)).totals.cycles))
    #expect(c.json["caveat"] == .string(CostModel.caveat))
  }

  @Test func aCursorStepsThroughARunWithRunningTotals() throws {
    let r = try run(.virtio, [("packets", "4"), ("batch", "2")])
    var cursor = FlowCursor(r)
    var k = 0
    while let step = cursor.next() {
      k += 1
      #expect(step == r.steps[k - 1])
      #expect(cursor.totals == r.totals(afterSteps: k))
    }
    #expect(cursor.isFinished && cursor.totals == r.totals)
    #expect(r.hops(ofStep: 0) == r.steps[0].hops)
    #expect(r.hops(ofStep: r.steps.count) == nil)
    cursor.rewind()
    #expect(cursor.position == 0 && cursor.totals == FlowTotals())
  }

  @Test func everyStepHasOneSentenceAndItsHopsPriceTheTotal() throws {
    for flow in Flow.allCases {
      let r = try run(flow)
      #expect(r.steps.reduce(0) { $0 + $1.cycles } == r.totals.cycles)
      for step in r.steps {
        #expect(step.summary.hasSuffix(".") || step.summary.hasSuffix(")."), "\(flow): \(step.summary)")
        #expect(!step.summary.contains("\n"))
      }
      #expect(r.json["flow"] == .string(flow.rawValue))
      #expect(r.textLines().count > r.steps.count)
    }
  }
}
