import ArgumentParser
import CVringBench
import Foundation
import VirtioCore

/// `virtio-tutor bench engine`: chains per second for the Swift engine and the C reference, as JSON lines.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Print benchmark figures as JSON lines (build with -c release for meaningful numbers).",
    discussion: """
      `bench engine` runs add→publish→kick→pop→read→push→interrupt→reclaim on a 256-entry queue, with 1- and \
      3-descriptor chains, with and without EVENT_IDX, for the Swift engine (trace off and on) and for the same \
      cycle written in C against Linux's <linux/virtio_ring.h>, and prints the Swift/C ratio; then the same for a \
      packed queue against C over `struct vring_packed_desc` (lines with "format": "packed").
      """,
    subcommands: [EngineBench.self, UIBench.self, GuestBench.self])
}

/// The engine benchmark.
struct EngineBench: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "engine", abstract: "Benchmark the virtqueue engine against C.")

  @Option(parsing: .unconditional, help: "Cycles per measurement (C runs 10× as many).")
  var cycles = 200_000

  @Option(parsing: .unconditional, help: "Queue size.")
  var size = 256

  @Flag(help: "Measure the Swift engine with tracing off only (for profiling).")
  var untracedOnly = false

  mutating func run() throws {
    guard cycles > 0, size > 0 else { throw ValidationError("--cycles and --size must be positive") }
    for buffers in [1, 3] {
      for eventIdx in [false, true] {
        let c = measureC(buffers: buffers, eventIdx: eventIdx)
        emit(["impl": "c", "buffers": buffers, "event_idx": eventIdx, "chains_per_sec": c.rounded()])
        for tracing in untracedOnly ? [false] : [false, true] {
          let swift = try measureSwift(buffers: buffers, eventIdx: eventIdx, tracing: tracing)
          emit([
            "impl": "swift", "buffers": buffers, "event_idx": eventIdx, "trace": tracing,
            "chains_per_sec": swift.rounded(), "swift_over_c": (swift / c * 1000).rounded() / 1000,
          ])
        }
      }
    }
    try runPacked()
  }

  func emit(_ object: [String: Any]) {
    var o = object
    o["bench"] = "engine"
    o["queue_size"] = size
    BenchLine.emit(o)
  }

  func measureC(buffers: Int, eventIdx: Bool) -> Double {
    let n = Int64(cycles) * 10
    _ = cvring_run(Int32(size), Int32(buffers), eventIdx ? 1 : 0, n / 10)  // warm-up
    let start = ContinuousClock.now
    let done = cvring_run(Int32(size), Int32(buffers), eventIdx ? 1 : 0, n)
    let seconds = (ContinuousClock.now - start).seconds
    return done == n ? Double(n) / seconds : 0
  }

  func measureSwift(buffers: Int, eventIdx: Bool, tracing: Bool) throws -> Double {
    let features: VirtioFeatures = eventIdx ? [.version1, .eventIdx] : [.version1]
    var q = try Virtqueue(.init(size: size, offered: features, tracing: tracing))
    try q.initialize(accepting: features)
    let payload = [UInt8]((0..<64).map { UInt8($0) })
    let reply = [UInt8]((0..<64).map { UInt8(255 - $0) })
    let readable = Array(repeating: payload, count: buffers == 1 ? 1 : buffers - 1)
    let writable = buffers == 1 ? [] : [64]
    let count = tracing ? max(1, cycles / 10) : cycles
    var input: [UInt8] = []  // the device's own buffer, as QEMU's handler reads into a local variable
    let start = ContinuousClock.now
    for _ in 0..<count {
      try q.add(readable: readable, writable: writable)
      try q.publish()
      _ = try q.kick()
      // Heads, not chain values: the device keeps the resolved chain (QEMU's element) and is told which to use.
      _ = try q.popHead()
      try q.readInFlight(into: &input)
      _ = try q.pushHead(length: writable.isEmpty ? 0 : 64, data: reply)
      _ = try q.interrupt()
      // The driver gets the head and length back (Linux virtqueue_get_buf); it reads its own buffer if it wants.
      guard try q.reclaimNext(collectWritten: false) != nil, try q.reclaimNext(collectWritten: false) == nil else {
        throw ValidationError("engine lost a chain")
      }
      if tracing { q.trace.removeAll() }
    }
    return Double(count) / (ContinuousClock.now - start).seconds
  }
}

extension Duration {
  /// The duration in seconds as a floating-point number.
  var seconds: Double {
    let (s, attoseconds) = components
    return Double(s) + Double(attoseconds) / 1e18
  }
}
