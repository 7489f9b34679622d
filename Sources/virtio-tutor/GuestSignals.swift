import Glibc
import Synchronization

private let pendingGuestSignal = Atomic<Int32>(0)

/// SIGINT, SIGTERM and SIGHUP become a flag the guest loop polls (no work in the handler), so every exit path
/// runs the same cleanup: QEMU quit and killed by pid, sockets and files removed.
enum GuestSignals {
  static var pending: Int32 { pendingGuestSignal.load(ordering: .relaxed) }

  static func install() {
    _ = pendingGuestSignal.load(ordering: .relaxed)
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { pendingGuestSignal.store($0, ordering: .relaxed) }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    for s in [SIGINT, SIGTERM, SIGHUP] { sigaction(s, &action, nil) }
    var set = sigset_t()
    sigemptyset(&set)
    for s in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, s) }
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
    signal(SIGPIPE, SIG_IGN)
  }
}

/// The terminal in raw mode while keys go to the guest; restored by ``restore()`` on every exit path.
final class RawTerminal {
  private var saved = termios()
  private(set) var active = false

  init() {
    guard isatty(0) == 1, tcgetattr(0, &saved) == 0 else { return }
    var raw = saved
    cfmakeraw(&raw)
    raw.c_oflag |= tcflag_t(OPOST | ONLCR)
    active = tcsetattr(0, TCSANOW, &raw) == 0
  }

  func restore() {
    if active { tcsetattr(0, TCSANOW, &saved) }
    active = false
  }

  deinit { restore() }
}
