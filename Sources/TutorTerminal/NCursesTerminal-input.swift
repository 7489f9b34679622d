import CNcursesw
import CTermShim
import TermGrid

extension NCursesTerminal {
  /// Waits for a key, a resize or a termination signal.
  ///
  /// `nil` blocks (waking every ``Options/idleWakeInterval`` only to re-check the signal flag,
  /// so an idle app stays at ~0 % CPU). A pending SIGINT/SIGTERM/SIGHUP is reported as
  /// `.signal(n)` before and after each wait. Keys curses cannot name are skipped.
  public func nextInput(timeout: Duration?) throws -> InputEvent? {
    guard let window else { throw Closed() }
    let clock = ContinuousClock()
    let deadline = timeout.map { clock.now.advanced(by: max(.zero, $0)) }
    while true {
      if let signal = pendingSignal { return .signal(signal) }
      var wait = options.idleWakeInterval
      if let deadline {
        let left = clock.now.duration(to: deadline)
        if left <= .zero && timeout != .zero { return nil }
        wait = min(wait, max(.zero, left))
      }
      wtimeout(window, Self.milliseconds(wait))
      var character: wint_t = 0
      let status = wget_wch(window, &character)
      if status == KEY_CODE_YES {
        if Int32(character) == KEY_RESIZE { return .resize(size) }
        if let key = KeyDecoding.key(forCode: Int32(character)) { return .key(key) }
      } else if status == OK {
        if let key = Key(terminalCharacter: UInt32(character)) { return .key(key) }
      }
      if let signal = pendingSignal { return .signal(signal) }
      if timeout == .zero { return nil }
    }
  }

  /// `duration` in whole milliseconds for `wtimeout`, rounded up so short waits are not 0.
  static func milliseconds(_ duration: Duration) -> Int32 {
    let (seconds, attoseconds) = duration.components
    let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    return Int32(clamping: max(0, millis))
  }
}

/// Maps curses `KEY_*` codes (as returned by `wget_wch` with `KEY_CODE_YES`) to ``TermGrid/Key``.
enum KeyDecoding {
  static func key(forCode code: Int32) -> Key? {
    switch code {
    case KEY_UP: .up
    case KEY_DOWN: .down
    case KEY_LEFT: .left
    case KEY_RIGHT: .right
    case KEY_PPAGE, KEY_A3: .pageUp
    case KEY_NPAGE, KEY_C3: .pageDown
    case KEY_HOME, KEY_A1: .home
    case KEY_END, KEY_C1, KEY_LL: .end
    case KEY_IC: .insert
    case KEY_DC: .delete
    case KEY_ENTER: .enter
    case KEY_BACKSPACE: .backspace
    case KEY_BTAB: .backTab
    case (ts_key_f0() + 1)...(ts_key_f0() + 63): .function(Int(code - ts_key_f0()))
    default: nil
    }
  }
}
