import CVringBench
import Testing
@testable import virtio_tutor

/// The packed benchmark's two cycles do what they claim: every chain comes back, across many laps of the ring,
/// for power-of-two and other sizes (figures themselves belong to `bench engine`, not to tests).
@Suite struct PackedBenchTests {
  @Test(arguments: [(4, 1), (4, 3), (3, 3), (256, 3)])
  func cCycleCompletesEveryChain(size: Int, buffers: Int) {
    for eventIdx: Int32 in [0, 1] {
      #expect(cvring_packed_run(Int32(size), Int32(buffers), eventIdx, 1000) == 1000)
    }
    #expect(cvring_packed_run(2, 3, 0, 10) == -1)  // a 3-descriptor chain cannot fit a 2-entry ring
  }

  @Test func swiftCycleCompletesEveryChain() throws {
    var bench = try EngineBench.parse(["--cycles", "500", "--size", "3"])
    for eventIdx in [false, true] {
      #expect(try bench.measurePackedSwift(buffers: 3, eventIdx: eventIdx, tracing: false) > 0)
    }
    bench.cycles = 50
    #expect(try bench.measurePackedSwift(buffers: 1, eventIdx: true, tracing: true) > 0)
  }
}
