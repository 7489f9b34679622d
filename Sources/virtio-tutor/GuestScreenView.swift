import Foundation
import Glibc
import TermGrid
import TutorTerminal
import TutorUI
import VirtioCore
import VirtioHost

/// The split-screen live view of `virtio-tutor guest` (a terminal): the effects around the pure ``GuestView`` —
/// it pumps the back end and the console, turns what changed into ``GuestAction``s, sends keys to the guest and
/// redraws only when the state changed. Idle, it sleeps in `poll` (a wake-up a second to notice QEMU going away).
struct GuestScreenView {
  let session: GuestSession
  let terminal: NCursesTerminal
  /// Owns the previous frame and the diff.
  private var screen: Terminal<NCursesTerminal>
  var state: GuestViewState
  private(set) var quitReason = ""
  private var traceSeen = 0
  private var countersSeen: RngDevice.Counters?
  private var errorSeen: String?

  init(session: GuestSession, terminal: NCursesTerminal, caption: String) {
    self.session = session
    self.terminal = terminal
    screen = Terminal(terminal)
    state = GuestViewState(caption: caption, size: terminal.size)
  }

  /// Runs until the learner leaves (Ctrl-A q), a signal, QEMU exiting or the time limit; returns the exit status.
  mutating func run(timeLimit: Double) -> Int32 {
    let deadline = timeLimit > 0 ? Monotonic.now + timeLimit : .infinity
    var drawn = -1
    var qmpConnected = false
    while true {
      if let signal = pendingSignal { quitReason = "signal \(signal)"; return 128 + signal }
      if state.quitRequested { quitReason = "Ctrl-A q"; return 0 }
      guard session.qemu.isRunning else { quitReason = "QEMU exited"; return 0 }
      guard Monotonic.now < deadline else { quitReason = "time limit"; return 0 }
      if state.revision != drawn {
        let grid = GuestView.frame(state, theme: .dark, capabilities: terminal.capabilities)
        try? screen.draw(grid)
        drawn = state.revision
      }
      if !qmpConnected {
        // QEMU answers QMP once the vhost-user device is realized; connecting pumps the back end meanwhile.
        guard (try? session.connectQMP()) != nil else { quitReason = "no QMP connection"; return 1 }
        qmpConnected = true
      }
      let wait = Int32(max(1, min(1000, (deadline - Monotonic.now) * 1000)))
      session.pump(timeout: wait, watching: [0])
      apply(.console(session.takeConsoleOutput()))
      if state.phase == "booting" && session.serialText.contains("TUTOR: ready") { apply(.phase("running")) }
      syncDevice()
      readKeys()
    }
  }

  private var pendingSignal: Int32? {
    terminal.pendingSignal ?? (GuestSignals.pending != 0 ? GuestSignals.pending : nil)
  }

  private mutating func apply(_ action: GuestAction) {
    for effect in GuestReducer.reduce(&state, action) {
      switch effect {
      case .send(let bytes): try? session.send(bytes)
      case .quit: state.quitRequested = true
      }
    }
  }

  /// Every key curses has buffered (the terminal's fd was readable, or a signal such as SIGWINCH woke us).
  private mutating func readKeys() {
    while let event = try? screen.nextInput(timeout: .zero) {
      switch event {
      case .key(let key): apply(.key(key))
      case .resize(let size): apply(.resize(size))
      case .signal: return
      }
    }
  }

  /// The back end's log lines and, when the device did something, the engine's snapshot and its new trace entries.
  private mutating func syncDevice() {
    guard let server = session.server else { return }
    let lines = server.backend.takeEvents().filter { $0.served == nil }.map { e in
      GuestLogLine(e.source == .vhostUser ? .vhostUser : e.source == .error ? .error : .device, e.text)
    }
    apply(.log(lines))
    let device = server.backend.device
    let error = device.error.map { "\($0.kind.rawValue): \($0.message)" }
    guard device.traceTotal != traceSeen || device.counters != countersSeen || error != errorSeen || (state.snapshot == nil) != (device.engineState == nil) else { return }
    let recent = device.recentTrace  // made when read: once per sync
    let fresh = min(device.traceTotal - traceSeen, recent.count)
    traceSeen = device.traceTotal
    countersSeen = device.counters
    errorSeen = error
    let snapshot = device.engineState.map {
      QueueSnapshot(layout: $0.device.layout, memory: $0.memory.currentView, device: $0.device, driver: nil)
    }
    let c = device.counters
    apply(
      .device(
        snapshot: snapshot, touched: Array(recent.suffix(fresh)),
        counters: .init(kicks: c.kicks, interrupts: c.interrupts, interruptsSuppressed: c.interruptsSuppressed, requestsServed: c.requestsServed, bytesServed: c.bytesServed,
          polledRequests: c.polledRequests),
        ringError: error))
  }
}
