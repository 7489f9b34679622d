import ArgumentParser
import Foundation
import VirtioHost

/// `virtio-tutor bench guest`: the guest's `/dev/hwrng` throughput with our vhost-user device (tracing on and
/// off) and with QEMU's own `virtio-rng-pci` (backed by `/dev/urandom`, no rate limit), in the same run.
struct GuestBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "guest",
    abstract: "Benchmark the guest's /dev/hwrng: our vhost-user device against QEMU's built-in virtio-rng.",
    discussion: "Each configuration boots the guest, which reads --kib KiB from /dev/hwrng with dd; the time is the guest's own (/proc/uptime around dd). Runs --rounds rounds, each configuration once per round in turn; prints a JSON line per run, then the median throughput of each and the median, min and max of the per-round ratios ours/QEMU.")

  @Option(parsing: .unconditional, help: "KiB the guest reads per configuration.")
  var kib = 1024

  @Option(parsing: .unconditional, help: "Seconds a configuration may take before it is abandoned.")
  var timeout: Double = 180

  @Option(parsing: .unconditional, help: "Rounds: each boots every configuration once, in turn (ours, ours traced, QEMU's).")
  var rounds = 3

  @Option(
    name: .customLong("poll-us"), parsing: .unconditional,
    help: "Microseconds our device may poll the ring after serving, notifications off, before it sleeps: the adaptive window's maximum, or with --no-poll-adaptive the fixed window (0: no polling).")
  var pollMicroseconds = GuestDeviceOptions.defaultPollMicroseconds

  @Flag(inversion: .prefixedNo, help: "Our device adapts its polling window (grow while polling would find work, shrink to 0 when idle), up to --poll-us (the default); --no-poll-adaptive polls a fixed --poll-us.")
  var pollAdaptive = true

  @Flag(help: "Also run, each round, our device (trace off) with the adaptive window (maximum --poll-us, or 500 when --poll-us is 0), as ours-trace-off-adaptive: with --poll-us 0 or --no-poll-adaptive, an A/B of polling within one run.")
  var alsoAdaptive = false

  @Flag(help: "Switch VIRTIO_F_EVENT_IDX off, for our device and QEMU's alike (the device property event_idx=off).")
  var noEventIdx = false

  @Option(
    name: .customLong("pin"), parsing: .unconditional,
    help: "CPU placement applied identically to every configuration: none, or ROLE=CPU,… with roles vcpu (QEMU's vCPU threads), qemu (QEMU's other threads: the main loop), device (our serving thread).")
  var pin = "none"

  /// One configuration a round boots.
  struct Configuration {
    let name: String
    let ours: Bool
    let tracing: Bool
    /// Our device's polling (nil for QEMU's).
    var polling: NotificationPolling?
  }

  /// The configurations, in the order each round runs them (`--also-adaptive` adds ours, trace off, adaptive).
  func configurations() throws -> [Configuration] {
    let polling = try GuestDeviceOptions.polling(microseconds: pollMicroseconds, adaptive: pollAdaptive)
    var all = [
      Configuration(name: "ours-trace-off", ours: true, tracing: false, polling: polling),
      Configuration(name: "ours-trace-on", ours: true, tracing: true, polling: polling),
    ]
    if alsoAdaptive {
      let maximum = pollMicroseconds == 0 ? GuestDeviceOptions.defaultPollMicroseconds : pollMicroseconds
      let adaptive = try GuestDeviceOptions.polling(microseconds: maximum, adaptive: true)
      all.append(Configuration(name: "ours-trace-off-adaptive", ours: true, tracing: false, polling: adaptive))
    }
    return all + [Configuration(name: "qemu-builtin", ours: false, tracing: false)]
  }

  func run() throws {
    guard kib > 0 else { throw ValidationError("--kib must be positive") }
    guard (1...50).contains(rounds) else { throw ValidationError("--rounds must be 1 to 50") }
    let configurations = try configurations()
    let placement: ThreadPlacement
    do {
      placement = try ThreadPlacement(parsing: pin, cpuCount: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    } catch {
      throw ValidationError("--pin: \(error.message)")
    }
    let image = try GuestPaths.readyImage()
    GuestSignals.install()
    // Interleaved rounds: a load that comes and goes hits every configuration alike, and each round's ratio
    // compares runs minutes apart at most; the medians ignore the odd round a burst of load spoiled.
    var rates: [String: [Double]] = [:]
    var ratios: [String: [Double]] = [:]
    for round in 1...rounds {
      var thisRound: [String: Double] = [:]
      for c in configurations {
        guard let rate = try runOnce(c, round: round, image: image, placement: placement) else { continue }
        thisRound[c.name] = rate
        rates[c.name, default: []].append(rate)
      }
      if let q = thisRound["qemu-builtin"], q > 0 {
        for c in configurations where c.ours {
          let name = c.name
          if let ours = thisRound[name] { ratios[name, default: []].append(ours / q) }
        }
      }
    }
    var summary: [String: Any] = [
      "bench": "guest", "rounds": rounds, "kib": kib, "poll_us": pollMicroseconds, "poll_adaptive": pollAdaptive,
      "event_idx": !noEventIdx,
      "pin": placement.description,
    ]
    for c in configurations {
      let r = rates[c.name] ?? []
      summary["\(c.name)_runs"] = r.count
      if let m = Self.median(r) { summary["\(c.name)_median_bytes_per_sec"] = m.rounded() }
    }
    for c in configurations where c.ours {
      let key = c.name.replacingOccurrences(of: "-", with: "_") + "_over_qemu"
      let r = ratios[c.name] ?? []
      guard let m = Self.median(r) else { continue }
      summary[key + "_median"] = Self.rounded3(m)
      summary[key + "_min"] = Self.rounded3(r.min() ?? m)
      summary[key + "_max"] = Self.rounded3(r.max() ?? m)
    }
    BenchLine.emit(summary)
  }

  /// The median of `values` (the mean of the middle two for an even count), nil when empty.
  static func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
  }

  static func rounded3(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

  /// Boots one configuration, prints its JSON line and returns its bytes per second; a run the guest cut short is
  /// a line with its error, and the round goes on without it.
  func runOnce(
    _ c: Configuration, round: Int, image: GuestImage, placement: ThreadPlacement
  ) throws -> Double? {
    var options = GuestSession.Options()
    options.vhostUserRng = c.ours
    options.builtinRng = !c.ours
    options.tracing = c.tracing
    options.polling = c.polling ?? .off
    options.eventIdx = !noEventIdx
    options.memfdRAM = true  // the same RAM backend for every configuration: only the device differs
    options.initArguments = "tutor=bench tutor_kib=\(kib)"
    let session: GuestSession
    do {
      session = try GuestSession(image: image, runtimeDirectory: GuestPaths.runtimeDirectory, options: options)
    } catch {
      throw CLIError("bench guest: \(error.message)")
    }
    defer { session.shutdown() }
    let measured: (Double, RngDevice.Counters?, Double, [String: SchedStat])
    do {
      measured = try measure(session, placement: placement)
    } catch let error as CLIError {
      BenchLine.emit(["bench": "guest", "device": c.name, "round": round, "error": error.description])
      return nil
    }
    let (seconds, counts, boot, sched) = measured
    let bytes = Double(kib * 1024)
    var line: [String: Any] = [
      "bench": "guest", "device": c.name, "round": round, "kib": kib, "seconds": (seconds * 1000).rounded() / 1000,
      "bytes_per_sec": (bytes / seconds).rounded(), "boot_to_ready_sec": (boot * 100).rounded() / 100,
    ]
    if let counts {
      line["requests"] = counts.requestsServed
      line["requests_per_sec"] = (Double(counts.requestsServed) / seconds).rounded()
      line["kicks"] = counts.kicks
      line["requests_polled"] = counts.polledRequests
      line["interrupts"] = counts.interrupts
      if let window = session.server?.backend.device.pollingWindow {
        line["poll_window_us_at_end"] = (window.current * 1e7).rounded() / 10
        line["poll_window_grown"] = window.grown
        line["poll_window_shrunk"] = window.shrunk
      }
    } else {
      line["requests_per_sec_estimated_64_bytes_each"] = (bytes / 64 / seconds).rounded()
    }
    // Scheduler counts of the threads a request crosses, per request (QEMU's device: bytes / 64 requests).
    let requests = counts?.requestsServed ?? Int(bytes / 64)
    for (name, stat) in sched where counts != nil || name != "sched_device" { line.merge(stat.perRequest(requests, prefix: name)) { a, _ in a } }
    BenchLine.emit(line)
    return bytes / seconds
  }

  /// The threads a request crosses: our serving thread (this one), QEMU's main loop and its vCPU thread.
  struct RequestThreads {
    let qemuPID: pid_t
    let serving = ThreadPlacement.currentThreadID()
    let vcpu: pid_t?

    init(qemuPID: pid_t) {
      self.qemuPID = qemuPID
      vcpu = ThreadPlacement.threads(of: qemuPID).first { $0.1.hasPrefix("CPU ") }?.0
    }

    func read() -> [String: SchedStat?] {
      var stats: [String: SchedStat?] = [
        "sched_device": SchedStat.read(pid: getpid(), tid: serving),
        "sched_main_loop": SchedStat.read(pid: qemuPID, tid: qemuPID),
      ]
      if let vcpu { stats["sched_vcpu"] = SchedStat.read(pid: qemuPID, tid: vcpu) }
      return stats
    }
  }

  /// Boots to the marker and returns the guest's seconds for the read, our device's counts during it (requests,
  /// kicks, requests found by polling, interrupts; nil for QEMU's device) and the host seconds from QEMU's start to
  /// the guest's `ready` line.
  func measure(_ session: GuestSession, placement: ThreadPlacement) throws -> (Double, RngDevice.Counters?, Double, [String: SchedStat]) {
    do {
      try session.connectQMP()  // QMP answers once the machine (and its vCPU threads) exists
      try placement.applyToQEMU(pid: session.qemu.pid)
      try placement.applyToServingThread()
      try session.waitForConsole("TUTOR: ready", timeout: timeout)
      let boot = Monotonic.now - session.startedAt
      let before = session.server?.backend.device.counters
      let threads = RequestThreads(qemuPID: session.qemu.pid)
      let schedBefore = threads.read()
      try session.waitForConsole("TUTOR: IO-DONE", timeout: timeout)  // the line after BENCH-DONE: that one is whole
      guard GuestSignals.pending == 0 else { throw ExitCode(128 + GuestSignals.pending) }
      let line = session.serialText.split(whereSeparator: \.isNewline).first { $0.contains("BENCH-DONE") } ?? ""
      var start = 0.0
      var end = 0.0
      for word in line.split(separator: " ") {
        if word.hasPrefix("start=") { start = Double(word.dropFirst(6)) ?? 0 }
        if word.hasPrefix("end=") { end = Double(word.dropFirst(4)) ?? 0 }
      }
      guard end > start else { throw CLIError("bench guest: the guest reported no time (\(line))") }
      let after = session.server?.backend.device.counters
      let schedAfter = threads.read()
      let sched = schedAfter.compactMapValues { $0 }.reduce(into: [String: SchedStat]()) { out, entry in
        if let b = schedBefore[entry.key] ?? nil, let d = entry.value.since(b) { out[entry.key] = d }
      }
      return (end - start, before.flatMap { b in after.map { $0.since(b) } }, boot, sched)
    } catch let error as VhostUserError {
      throw CLIError("bench guest: \(error.message)")
    }
  }
}
