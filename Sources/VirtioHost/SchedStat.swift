import Glibc

/// One thread's scheduler counters (`/proc/PID/task/TID/schedstat`: nanoseconds on a CPU, nanoseconds waiting on
/// a run queue after being woken or preempted, and the number of times it was switched in). `bench guest` reads
/// them before and after the guest's read for our serving thread, QEMU's main loop and its vCPU thread: the
/// switches per request say how many hand-offs a request costs, the wait per switch what each costs before the
/// thread even runs (in a VM, waking an idle CPU is an exit to the hypervisor).
public struct SchedStat: Equatable, Sendable {
  public var runNanoseconds: UInt64
  public var waitNanoseconds: UInt64
  public var switches: UInt64

  public init(runNanoseconds: UInt64, waitNanoseconds: UInt64, switches: UInt64) {
    self.runNanoseconds = runNanoseconds
    self.waitNanoseconds = waitNanoseconds
    self.switches = switches
  }

  /// Parses the file's one line (`RUN WAIT SWITCHES`); nil when it has another shape.
  public init?(parsing text: String) {
    let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { UInt64($0) }
    guard fields.count == 3, let run = fields[0], let wait = fields[1], let switches = fields[2] else { return nil }
    self.init(runNanoseconds: run, waitNanoseconds: wait, switches: switches)
  }

  /// Thread `tid` of process `pid` now; nil when it is gone or the kernel has no schedstat.
  public static func read(pid: pid_t, tid: pid_t) -> SchedStat? {
    let fd = open("/proc/\(pid)/task/\(tid)/schedstat", O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 128)
    let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
    guard n > 0 else { return nil }
    return SchedStat(parsing: String(decoding: buffer[0..<n], as: UTF8.self))
  }

  /// The counts since `earlier` (nil when a counter went backwards: not the same thread).
  public func since(_ earlier: SchedStat) -> SchedStat? {
    guard runNanoseconds >= earlier.runNanoseconds, waitNanoseconds >= earlier.waitNanoseconds,
      switches >= earlier.switches
    else { return nil }
    return SchedStat(
      runNanoseconds: runNanoseconds - earlier.runNanoseconds, waitNanoseconds: waitNanoseconds - earlier.waitNanoseconds,
      switches: switches - earlier.switches)
  }

  /// Per-request figures for a benchmark line: switches per request, µs waiting per switch, µs running per
  /// request (rounded to 3 decimals; empty when `requests` is not positive).
  public func perRequest(_ requests: Int, prefix: String) -> [String: Double] {
    guard requests > 0 else { return [:] }
    let r = Double(requests)
    func round3(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }
    return [
      prefix + "_switches_per_request": round3(Double(switches) / r),
      prefix + "_wait_us_per_switch": switches > 0 ? round3(Double(waitNanoseconds) / 1000 / Double(switches)) : 0,
      prefix + "_run_us_per_request": round3(Double(runNanoseconds) / 1000 / r),
    ]
  }
}
