#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Synchronization

/// The termination signal (SIGINT, SIGTERM, SIGHUP) that arrived, or 0. Written only by the
/// signal handler, read by the run loop: a global `Atomic` is lock-free and signal-safe.
private let pendingSignalStorage = Atomic<Int32>(0)

/// Signal plumbing for the curses terminal: termination signals become a flag the run loop
/// polls, never work done inside a handler.
enum TerminalSignals {
  /// The signals that end the program; handled by setting ``pending``.
  static let termination: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  /// Signals that must not stay blocked (a process started by Swift Testing or some
  /// supervisors inherits them blocked, and would then ignore SIGTERM and never see SIGWINCH).
  static let mustBeUnblocked: [Int32] = [
    SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP, SIGCONT, SIGCHLD,
  ]

  /// The pending termination signal number, or 0.
  static var pending: Int32 { pendingSignalStorage.load(ordering: .relaxed) }

  static func resetPending() {
    pendingSignalStorage.store(0, ordering: .relaxed)
  }

  /// Unblocks ``mustBeUnblocked`` on the calling thread.
  static func unblock() {
    var set = sigset_t()
    sigemptyset(&set)
    for signal in mustBeUnblocked { sigaddset(&set, signal) }
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  /// Installs the flag-setting handler for ``termination`` (no `SA_RESTART`, so a blocking
  /// read returns early) and returns the actions it replaced.
  static func installTerminationHandlers() -> [Int32: sigaction] {
    _ = pendingSignalStorage.load(ordering: .relaxed)  // initialise the global before any handler runs
    var action = sigaction()
    #if canImport(Glibc)
      action.__sigaction_handler.sa_handler = { signal in
        pendingSignalStorage.store(signal, ordering: .relaxed)
      }
    #else
      action.__sigaction_u.__sa_handler = { signal in
        pendingSignalStorage.store(signal, ordering: .relaxed)
      }
    #endif
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    var previous: [Int32: sigaction] = [:]
    for signal in termination {
      var old = sigaction()
      if sigaction(signal, &action, &old) == 0 { previous[signal] = old }
    }
    return previous
  }

  /// Puts back the actions returned by ``installTerminationHandlers()``.
  static func restore(_ previous: [Int32: sigaction]) {
    for (signal, action) in previous {
      var old = action
      sigaction(signal, &old, nil)
    }
  }
}
