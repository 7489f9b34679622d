import ArgumentParser
import Foundation
import VirtioHost

/// `virtio-tutor bench guest`: the guest's `/dev/hwrng` throughput with our vhost-user device (tracing on and
/// off) and with QEMU's own `virtio-rng-pci` (backed by `/dev/urandom`, no rate limit), in the same run.
struct GuestBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "guest",
    abstract: "Benchmark the guest's /dev/hwrng: our vhost-user device against QEMU's built-in virtio-rng.",
    discussion: "Each configuration boots the guest, which reads --kib KiB from /dev/hwrng with dd; the time is the guest's own (/proc/uptime around dd). Prints JSON lines and the ratio ours/QEMU.")

  @Option(parsing: .unconditional, help: "KiB the guest reads per configuration.")
  var kib = 1024

  @Option(parsing: .unconditional, help: "Seconds a configuration may take before it is abandoned.")
  var timeout: Double = 180

  func run() throws {
    guard kib > 0 else { throw ValidationError("--kib must be positive") }
    let image = try GuestPaths.readyImage()
    GuestSignals.install()
    var results: [String: Double] = [:]
    for (name, ours, tracing) in [("ours-trace-off", true, false), ("ours-trace-on", true, true), ("qemu-builtin", false, false)] {
      var options = GuestSession.Options()
      options.vhostUserRng = ours
      options.builtinRng = !ours
      options.tracing = tracing
      options.initArguments = "tutor=bench tutor_kib=\(kib)"
      let session: GuestSession
      do {
        session = try GuestSession(image: image, runtimeDirectory: GuestPaths.runtimeDirectory, options: options)
      } catch {
        throw CLIError("bench guest: \(error.message)")
      }
      defer { session.shutdown() }
      let (seconds, requests, boot) = try measure(session)
      let bytes = Double(kib * 1024)
      results[name] = bytes / seconds
      var line: [String: Any] = [
        "bench": "guest", "device": name, "kib": kib, "seconds": (seconds * 1000).rounded() / 1000,
        "bytes_per_sec": (bytes / seconds).rounded(), "boot_to_ready_sec": (boot * 100).rounded() / 100,
      ]
      if let requests {
        line["requests"] = requests
        line["requests_per_sec"] = (Double(requests) / seconds).rounded()
      } else {
        line["requests_per_sec_estimated_64_bytes_each"] = (bytes / 64 / seconds).rounded()
      }
      print(TraceJSON.line(line))
    }
    if let q = results["qemu-builtin"], q > 0 {
      print(TraceJSON.line([
        "bench": "guest", "ours_trace_off_over_qemu": ((results["ours-trace-off"] ?? 0) / q * 1000).rounded() / 1000,
        "ours_trace_on_over_qemu": ((results["ours-trace-on"] ?? 0) / q * 1000).rounded() / 1000,
      ]))
    }
  }

  /// Boots to the marker and returns the guest's seconds for the read, our requests served during it (nil for
  /// QEMU's device) and the host seconds from QEMU's start to the guest's `ready` line.
  func measure(_ session: GuestSession) throws -> (Double, Int?, Double) {
    do {
      try session.connectQMP()
      try session.waitForConsole("TUTOR: ready", timeout: timeout)
      let boot = Monotonic.now - session.startedAt
      let before = session.server?.backend.device.counters.requestsServed
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
      let after = session.server?.backend.device.counters.requestsServed
      return (end - start, before.flatMap { b in after.map { $0 - b } }, boot)
    } catch let error as VhostUserError {
      throw CLIError("bench guest: \(error.message)")
    }
  }
}
