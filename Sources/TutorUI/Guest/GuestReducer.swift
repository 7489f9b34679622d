import TermGrid
import VirtioCore

/// What happened, for ``GuestReducer``.
public enum GuestAction: Sendable {
  /// Bytes from the guest's serial console.
  case console([UInt8])
  /// Our device changed the ring (or its counters): the engine's snapshot now, the trace entries since the last
  /// change, the counters, the ring error if the device stopped.
  case device(snapshot: QueueSnapshot?, touched: [TraceEntry], counters: GuestViewState.Counters, ringError: String?)
  /// Lines for the event log (vhost-user messages, the device's own lines).
  case log([GuestLogLine])
  /// A key the learner pressed.
  case key(Key)
  case resize(Size)
  /// The run's phase changed (`running`, `stopped (signal 15)` …).
  case phase(String)
}

/// What the loop must do after an action.
public enum GuestEffect: Equatable, Sendable {
  /// Send these bytes to the guest's serial console.
  case send([UInt8])
  /// Shut the guest down and leave.
  case quit
}

/// The split screen's one reducer: keys go to the guest except the chord Ctrl-A q (leave); Ctrl-A Ctrl-A sends a
/// Ctrl-A; any other key after Ctrl-A cancels the chord.
public enum GuestReducer {
  /// The chord, as the status line shows it.
  public static let chordHint = "Ctrl-A q quits · Ctrl-A Ctrl-A sends Ctrl-A · other keys go to the guest"

  public static func reduce(_ state: inout GuestViewState, _ action: GuestAction) -> [GuestEffect] {
    switch action {
    case .console(let bytes):
      guard !bytes.isEmpty else { return [] }
      state.console.feed(bytes)
      state.touch()
    case .device(let snapshot, let touched, let counters, let ringError):
      if !touched.isEmpty { state.touched = touched }
      state.snapshot = snapshot
      state.counters = counters
      state.ringError = ringError
      state.append(GuestLogLine.lines(for: touched))
      state.touch()
    case .log(let lines):
      guard !lines.isEmpty else { return [] }
      state.append(lines)
      state.touch()
    case .resize(let size):
      state.size = size
      state.touch()
    case .phase(let phase):
      guard phase != state.phase else { return [] }
      state.phase = phase
      state.touch()
    case .key(let key):
      return press(key, &state)
    }
    return []
  }

  static func press(_ key: Key, _ state: inout GuestViewState) -> [GuestEffect] {
    if state.chordPending {
      state.chordPending = false
      state.touch()
      switch key {
      case .character("q"), .character("Q"), .character("x"):
        state.quitRequested = true
        return [.quit]
      case .ctrl("a"): return [.send([0x01])]
      default: return []
      }
    }
    if key == .ctrl("a") {
      state.chordPending = true
      state.touch()
      return []
    }
    guard let bytes = bytes(for: key) else { return [] }
    return [.send(bytes)]
  }

  /// The bytes a terminal sends for `key` (what the guest's shell expects on its serial line).
  public static func bytes(for key: Key) -> [UInt8]? {
    switch key {
    case .character(let c): return Array(String(c).utf8)
    case .ctrl(let c):
      guard let a = c.asciiValue, (0x61...0x7A).contains(a) else { return nil }
      return [a - 0x60]
    case .enter: return [0x0D]
    case .backspace: return [0x7F]
    case .tab: return [0x09]
    case .escape: return [0x1B]
    case .up: return Array("\u{1B}[A".utf8)
    case .down: return Array("\u{1B}[B".utf8)
    case .right: return Array("\u{1B}[C".utf8)
    case .left: return Array("\u{1B}[D".utf8)
    case .home: return Array("\u{1B}[H".utf8)
    case .end: return Array("\u{1B}[F".utf8)
    case .delete: return Array("\u{1B}[3~".utf8)
    default: return nil
    }
  }
}
