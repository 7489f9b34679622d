import Foundation
import Glibc
import VirtioHost

/// The plain live view of `virtio-tutor guest`: the guest's console passed through, keys passed to the guest,
/// and the back end's log lines in between. Ends on Ctrl-] / Ctrl-C, a signal, QEMU exiting or the time limit.
struct GuestLineView {
  let session: GuestSession
  let events: String
  private var quitReason = ""

  init(session: GuestSession, events: String) {
    self.session = session
    self.events = events
  }

  /// Runs until the learner quits; returns the exit status (0, or 128 + signal).
  mutating func run(timeLimit: Double) -> Int32 {
    let terminal = RawTerminal()
    defer { terminal.restore() }
    say("virtio-tutor: booting the guest (run directory \(session.directory)); Ctrl-] or Ctrl-C quits")
    do {
      try session.connectQMP()
    } catch {
      say("virtio-tutor: \(error.message)")
      return 1
    }
    let deadline = timeLimit > 0 ? Monotonic.now + timeLimit : .infinity
    var inputs: [Int32] = [0]
    while true {
      if GuestSignals.pending != 0 {
        quitReason = "signal \(GuestSignals.pending)"
        return 128 + GuestSignals.pending
      }
      guard session.qemu.isRunning else { quitReason = "QEMU exited"; return 0 }
      guard Monotonic.now < deadline else { quitReason = "time limit"; return 0 }
      let ready = session.pump(timeout: 50, watching: inputs)
      writeOut(session.takeConsoleOutput())
      if ready.contains(0) && !forwardKeys(raw: terminal.active) {
        if !quitReason.isEmpty { return 0 }
        inputs = []  // end of input: keep showing the guest until a signal or the time limit
      }
      showEvents()
    }
  }

  /// Passes keys to the guest; Ctrl-] (0x1d) and, in raw mode, Ctrl-C (0x03) quit. Returns false at end of input.
  private mutating func forwardKeys(raw: Bool) -> Bool {
    var buffer = [UInt8](repeating: 0, count: 1024)
    let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
    guard n > 0 else { return false }
    var keys = Array(buffer[0..<n])
    if let stop = keys.firstIndex(where: { $0 == 0x1d || (raw && $0 == 0x03) }) {
      keys = Array(keys[..<stop])
      quitReason = "quit key"
      if !keys.isEmpty { send(keys) }
      return false
    }
    send(keys)
    return true
  }

  private func send(_ bytes: [UInt8]) {
    try? session.send(bytes)
  }

  private func showEvents() {
    guard let server = session.server else { return }
    let lines = server.backend.takeEvents().filter { events == "all" || (events == "device" && $0.source != .vhostUser) }
    guard events != "none", !lines.isEmpty else { return }
    let served = lines.filter { $0.source == .device && $0.text.hasPrefix("served") }
    let shown = served.count > 4 ? lines.filter { !($0.source == .device && $0.text.hasPrefix("served")) } : lines
    for line in shown { say(line.description) }
    if served.count > 4 { say("[device] served \(served.count) chains (\(served.last!.text))") }
  }

  private func say(_ line: String) { writeOut(Array(("\r\n" + line + "\r\n").utf8)) }

  private func writeOut(_ bytes: [UInt8]) {
    guard !bytes.isEmpty else { return }
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress!, $0.count) }
  }

  /// The counters, after the guest is gone.
  func printSummary() { Self.printSummary(session: session, reason: quitReason) }

  static func printSummary(session: GuestSession, reason: String) {
    var line = "virtio-tutor: guest stopped (\(reason.isEmpty ? "done" : reason))"
    if let device = session.server?.backend.device {
      let c = device.counters
      line += "; kicks \(c.kicks), interrupts \(c.interrupts) (\(c.interruptsSuppressed) suppressed), requests served \(c.requestsServed) (\(c.polledRequests) found by polling), bytes \(c.bytesServed)"
      if let e = device.error { line += "; ring error \(e.kind.rawValue)" }
    }
    print(line)
  }
}
