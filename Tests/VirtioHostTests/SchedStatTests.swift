import Glibc
import Testing

@testable import VirtioHost

/// `/proc/PID/task/TID/schedstat` as `bench guest` reads it: the three counters, differences, per-request figures.
struct SchedStatTests {
  @Test func parsesTheKernelsLineAndRejectsOtherShapes() {
    #expect(SchedStat(parsing: "1200 300 4\n") == SchedStat(runNanoseconds: 1200, waitNanoseconds: 300, switches: 4))
    #expect(SchedStat(parsing: "1200 300\n") == nil)
    #expect(SchedStat(parsing: "1200 x 4\n") == nil)
    #expect(SchedStat(parsing: "") == nil)
  }

  @Test func differencesAndPerRequestFigures() throws {
    let before = SchedStat(runNanoseconds: 1_000_000, waitNanoseconds: 50_000, switches: 10)
    let after = SchedStat(runNanoseconds: 3_000_000, waitNanoseconds: 250_000, switches: 110)
    let d = try #require(after.since(before))
    #expect(d == SchedStat(runNanoseconds: 2_000_000, waitNanoseconds: 200_000, switches: 100))
    #expect(before.since(after) == nil)
    #expect(d.perRequest(80, prefix: "x") == ["x_switches_per_request": 1.25, "x_wait_us_per_switch": 2, "x_run_us_per_request": 25])
    #expect(d.perRequest(0, prefix: "x").isEmpty)
  }

  @Test func readsThisThreadsCounters() throws {
    let tid = ThreadPlacement.currentThreadID()
    let first = try #require(SchedStat.read(pid: getpid(), tid: tid))
    var x = 0.0
    for i in 0..<200_000 { x += Double(i) }  // some CPU time, so the run counter can only grow
    let second = try #require(SchedStat.read(pid: getpid(), tid: tid))
    #expect(x > 0)
    #expect(second.since(first) != nil)
    #expect(SchedStat.read(pid: getpid(), tid: -1) == nil)
  }
}
