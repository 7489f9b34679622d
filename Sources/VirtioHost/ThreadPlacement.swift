import Glibc

/// Which host CPU each thread of a guest run may use (`bench guest --pin vcpu=0,qemu=1,device=1`): QEMU's vCPU
/// threads (named `CPU n/TCG`), every other QEMU thread (the main loop, which injects interrupts and, for QEMU's own
/// virtio-rng, serves the device; RCU and worker threads), and our device's serving thread. A role left out is not
/// pinned. The same placement applies to every configuration of a benchmark: QEMU's threads are pinned by the same
/// rule whether the device is ours or QEMU's own (for QEMU's own there is no serving thread of ours to pin).
public struct ThreadPlacement: Equatable, Sendable {
  /// The CPU of QEMU's vCPU threads.
  public var vcpu: Int?
  /// The CPU of QEMU's other threads (main loop, RCU, workers).
  public var qemu: Int?
  /// The CPU of our device's serving thread.
  public var device: Int?

  public init(vcpu: Int? = nil, qemu: Int? = nil, device: Int? = nil) {
    self.vcpu = vcpu
    self.qemu = qemu
    self.device = device
  }

  /// No thread pinned (the scheduler places everything).
  public static let none = ThreadPlacement()

  /// Whether no role is pinned.
  public var isNone: Bool { vcpu == nil && qemu == nil && device == nil }

  /// Parses `none` or `ROLE=CPU[,ROLE=CPU…]` with roles `vcpu`, `qemu`, `device` and CPUs below `cpuCount`.
  public init(parsing text: String, cpuCount: Int) throws(VhostUserError) {
    self.init()
    if text == "none" { return }
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard pair.count == 2, let cpu = Int(pair[1]), cpu >= 0 else {
        throw VhostUserError(.system, "bad placement '\(part)': expected ROLE=CPU (roles vcpu, qemu, device)")
      }
      guard cpu < cpuCount else {
        throw VhostUserError(.system, "bad placement '\(part)': this machine has CPUs 0 to \(cpuCount - 1)")
      }
      switch pair[0] {
      case "vcpu" where vcpu == nil: vcpu = cpu
      case "qemu" where qemu == nil: qemu = cpu
      case "device" where device == nil: device = cpu
      case "vcpu", "qemu", "device": throw VhostUserError(.system, "bad placement: role '\(pair[0])' given twice")
      default: throw VhostUserError(.system, "bad placement '\(part)': unknown role '\(pair[0])' (roles vcpu, qemu, device)")
      }
    }
  }

  /// The canonical text (`none`, or the pinned roles in the order vcpu, qemu, device).
  public var description: String {
    let parts = [("vcpu", vcpu), ("qemu", qemu), ("device", device)].compactMap { name, cpu in cpu.map { "\(name)=\($0)" } }
    return parts.isEmpty ? "none" : parts.joined(separator: ",")
  }

  /// The CPU a QEMU thread called `name` (its `/proc/PID/task/TID/comm`) goes to: vCPU threads are named
  /// `CPU n/TCG` (`CPU n/KVM` under KVM), every other thread is QEMU's.
  public func cpu(forQEMUThread name: String) -> Int? {
    name.hasPrefix("CPU ") && name.contains("/") ? vcpu : qemu
  }

  /// Pins every thread of QEMU process `pid` by its name; returns the `(tid, name, cpu)` of each pinned thread.
  /// Threads QEMU starts later inherit the mask of the thread that starts them.
  @discardableResult
  public func applyToQEMU(pid: pid_t) throws(VhostUserError) -> [(tid: pid_t, name: String, cpu: Int)] {
    guard vcpu != nil || qemu != nil else { return [] }
    var pinned: [(pid_t, String, Int)] = []
    for (tid, name) in Self.threads(of: pid) {
      guard let cpu = cpu(forQEMUThread: name) else { continue }
      try Self.pin(tid, to: cpu, what: "QEMU thread \(tid) (\(name))")
      pinned.append((tid, name, cpu))
    }
    guard !pinned.isEmpty else { throw VhostUserError(.system, "placement: QEMU (pid \(pid)) has no threads to pin") }
    if vcpu != nil, !pinned.contains(where: { $0.1.hasPrefix("CPU ") }) {
      throw VhostUserError(.system, "placement: QEMU (pid \(pid)) has no thread named CPU n/…: was it started with -name debug-threads=on?")
    }
    return pinned
  }

  /// Pins the calling thread (our device's serving thread) to ``device``, if given.
  public func applyToServingThread() throws(VhostUserError) {
    guard let device else { return }
    try Self.pin(Self.currentThreadID(), to: device, what: "the serving thread")
  }

  /// The thread ids and names of process `pid` (`/proc/PID/task`).
  public static func threads(of pid: pid_t) -> [(pid_t, String)] {
    guard let dir = opendir("/proc/\(pid)/task") else { return [] }
    defer { closedir(dir) }
    var result: [(pid_t, String)] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      guard let tid = pid_t(name) else { continue }
      result.append((tid, readComm("/proc/\(pid)/task/\(tid)/comm")))
    }
    return result
  }

  private static func readComm(_ path: String) -> String {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return "" }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 64)
    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
    guard n > 0 else { return "" }
    return String(decoding: buffer[0..<n], as: UTF8.self).trimmingSuffix("\n")
  }

  /// Sets thread `tid`'s CPU mask to `cpu` with util-linux's `taskset -p` (Swift's Glibc module does not
  /// declare `sched_setaffinity`, a `_GNU_SOURCE` function, and the static release binary cannot look it up).
  private static func pin(_ tid: pid_t, to cpu: Int, what: String) throws(VhostUserError) {
    let child = try ChildProcess(["taskset", "-p", "-c", "\(cpu)", "\(tid)"], logPath: "/dev/null", dieWithParent: false)
    guard child.wait(seconds: 5), child.exitStatus == 0 else {
      child.terminate(grace: 0)
      throw VhostUserError(.system, "cannot pin \(what) to CPU \(cpu): taskset -p -c \(cpu) \(tid) \(child.exitDescription)")
    }
  }

  /// The calling thread's id (`/proc/thread-self` links to `PID/task/TID`; Glibc's `gettid` is not imported).
  public static func currentThreadID() -> pid_t {
    var buffer = [CChar](repeating: 0, count: 64)
    let n = readlink("/proc/thread-self", &buffer, buffer.count - 1)
    guard n > 0 else { return getpid() }
    let text = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return text.split(separator: "/").last.flatMap { pid_t($0) } ?? getpid()
  }

  /// The CPUs thread `tid` may run on (`Cpus_allowed_list` in `/proc/TID/status`, e.g. `0-1` or `0`).
  static func allowedCPUs(of tid: pid_t) -> [Int] {
    let fd = open("/proc/\(tid)/status", O_RDONLY)
    guard fd >= 0 else { return [] }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
      guard n > 0 else { break }
      bytes += chunk[0..<n]
    }
    let key = "Cpus_allowed_list:"
    guard let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return [] }
    return line.dropFirst(key.count).split(separator: ",").flatMap { range -> [Int] in
      let ends = range.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: " \t")) }
      guard let first = ends.first else { return [] }
      return Array(first...(ends.last ?? first))
    }
  }
}

extension StringProtocol {
  fileprivate func trimmingSuffix(_ suffix: String) -> String {
    hasSuffix(suffix) ? String(dropLast(suffix.count)) : String(self)
  }

  fileprivate func trimmingCharacters(in set: String) -> String {
    String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
  }
}
