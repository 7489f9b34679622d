#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import CNcursesw
import CTermShim
import TermGrid

/// The real terminal: a ``TermGrid/TerminalBackend`` on top of ncursesw.
///
/// Open it with ``open(options:)``, which never exits the process and never writes escape
/// sequences into a pipe; on failure it says why in one line so the CLI can fall back to
/// plain text. Use it from one thread only, and ``close()`` it before printing anything or
/// exiting (closing twice is fine; `deinit` closes too).
///
/// ```swift
/// switch NCursesTerminal.open() {
/// case .failure(let why):
///   printError("virtio-tutor: \(why); printing plain text")
/// case .success(let opened):
///   var terminal = Terminal(opened)             // owns the previous frame and the diff
///   let status = runLoop(&terminal)             // draw / nextInput until quit or .signal
///   opened.close()
///   if let signal = opened.pendingSignal { exit(128 + signal) }   // 130, 143, 129
/// }
/// ```
///
/// Signals: SIGINT/SIGTERM/SIGHUP only set a flag, which ``nextInput(timeout:)`` reports as
/// ``TermGrid/InputEvent/signal(_:)``. Crashes (SIGSEGV, SIGILL, SIGABRT, ...) restore the
/// terminal with raw writes before the process dies. Ctrl-Z and resizes are left to ncurses:
/// the process suspends and redraws on `fg`, and a resize arrives as `.resize(size)`.
public final class NCursesTerminal: TerminalBackend {
  public private(set) var capabilities: TerminalCapabilities
  /// Whether the locale had to be switched to `C.UTF-8` because the user's was not UTF-8.
  public let usedUTF8Fallback: Bool

  var screen: OpaquePointer?
  var window: UnsafeMutablePointer<WINDOW>?
  var colors: ColorPairs
  let options: Options
  private let previousSignalActions: [Int32: sigaction]

  private init(
    screen: OpaquePointer, options: Options, capabilities: TerminalCapabilities,
    colors: ColorPairs, usedUTF8Fallback: Bool, previousSignalActions: [Int32: sigaction]
  ) {
    self.screen = screen
    self.window = ts_stdscr()
    self.options = options
    self.capabilities = capabilities
    self.colors = colors
    self.usedUTF8Fallback = usedUTF8Fallback
    self.previousSignalActions = previousSignalActions
  }

  deinit {
    close()
  }

  // MARK: - Opening and closing

  /// Takes over the terminal (alternate screen, cbreak, no echo, hidden cursor).
  ///
  /// Order matters and follows what was measured on ncurses 6.4: locale first (else wide
  /// characters are dropped), unblock signals, install our SIGINT/SIGTERM/SIGHUP handlers and
  /// the crash handlers *before* `newterm` (so ncurses leaves them alone), then `newterm`
  /// through a helper that checks for ttys and cursor addressing.
  public static func open(options: Options = Options()) -> Result<NCursesTerminal, TerminalUnavailable> {
    guard ts_screen_is_open() == 0 else { return .failure(.alreadyOpen) }
    let usedFallback = setUpLocale()
    if !options.restOfLocaleLater { setRestOfLocale() }
    let utf8 = ts_codeset_is_utf8() != 0
    TerminalSignals.unblock()
    TerminalSignals.resetPending()
    let previousActions = TerminalSignals.installTerminationHandlers()
    ts_install_crash_handlers()

    var why: Int32 = 0
    guard let screen = ts_open_screen(options.term, &why) else {
      ts_remove_crash_handlers()
      TerminalSignals.restore(previousActions)
      return .failure(unavailableReason(why, term: options.term))
    }
    configureInput(options)
    let colors = setUpColors(wanted: options.requested.color)
    let capabilities = TerminalCapabilities(
      unicode: options.requested.unicode && utf8, color: colors.enabled)
    return .success(
      NCursesTerminal(
        screen: screen, options: options, capabilities: capabilities, colors: colors,
        usedUTF8Fallback: usedFallback && utf8, previousSignalActions: previousActions))
  }

  /// Gives the terminal back: `endwin` + `delscreen`, and the previous signal actions.
  /// Idempotent. ``pendingSignal`` stays readable afterwards.
  public func close() {
    guard let screen else { return }
    ts_close_screen(screen)
    self.screen = nil
    self.window = nil
    ts_remove_crash_handlers()
    TerminalSignals.restore(previousSignalActions)
  }

  /// Whether the terminal is still open.
  public var isOpen: Bool { screen != nil }

  /// The termination signal received (SIGINT 2, SIGTERM 15, SIGHUP 1), if any. After closing,
  /// exit with `128 + signal`.
  public var pendingSignal: Int32? {
    let signal = TerminalSignals.pending
    return signal == 0 ? nil : signal
  }

  /// The screen size in cells (`0×0` once closed).
  public var size: Size {
    guard let window else { return .zero }
    var rows: Int32 = 0
    var columns: Int32 = 0
    ts_getmaxyx(window, &rows, &columns)
    return Size(width: Int(columns), height: Int(rows))
  }

  // MARK: - Setup helpers

  /// `setlocale(LC_CTYPE, "")`, falling back to `C.UTF-8` when the user's codeset is not UTF-8 (ncursesw silently
  /// drops every non-ASCII cell otherwise). Returns whether the fallback was used. Curses needs only `LC_CTYPE`;
  /// the other categories are set by ``setRestOfLocale()``, at once or, with ``Options/restOfLocaleLater``, when the
  /// caller says (the tutor: after its first frame; without a locale archive each category is a file to open and
  /// map).
  private static func setUpLocale() -> Bool {
    _ = setlocale(LC_CTYPE, "")
    guard ts_codeset_is_utf8() == 0 else { return false }
    return setlocale(LC_CTYPE, "C.UTF-8") != nil
  }

  /// Every locale category but `LC_CTYPE` (set by ``open(options:)``) from the environment, as `setlocale(LC_ALL,
  /// "")` would set them, with `LC_NUMERIC` kept at "C" (C-level number formatting stays locale-independent).
  /// Idempotent; call it once the terminal is open (the tutor: after the first frame).
  public static func setRestOfLocale() {
    ts_set_locale_except_ctype_and_numeric()
    _ = setlocale(LC_NUMERIC, "C")
  }

  private static func configureInput(_ options: Options) {
    let window = ts_stdscr()
    _ = cbreak()  // not raw(): Ctrl-C must stay SIGINT
    _ = noecho()
    _ = nonl()
    _ = keypad(window, true)
    _ = intrflush(window, false)
    _ = leaveok(window, true)
    _ = set_escdelay(Int32(clamping: max(0, options.escapeDelayMilliseconds)))
    _ = curs_set(0)
  }

  private static func setUpColors(wanted: Bool) -> ColorPairs {
    let noColor = getenv("NO_COLOR").map { String(cString: $0) }
    guard wanted, TerminalCapabilities.colorAllowed(noColor: noColor), has_colors(),
      start_color() == OK
    else {
      return ColorPairs(enabled: false, defaultColors: false, paletteSize: 0)
    }
    let defaults = use_default_colors() == OK
    return ColorPairs(enabled: true, defaultColors: defaults, paletteSize: ts_colors())
  }

  private static func unavailableReason(_ why: Int32, term: String?) -> TerminalUnavailable {
    let name = term ?? getenv("TERM").map { String(cString: $0) }
    switch why {
    case Int32(TS_OPEN_STDOUT_NOT_TTY): return .stdoutNotATerminal
    case Int32(TS_OPEN_STDIN_NOT_TTY): return .stdinNotATerminal
    case Int32(TS_OPEN_NO_CURSOR_ADDRESSING): return .cannotAddressCursor(name ?? "")
    case Int32(TS_OPEN_ALREADY_OPEN): return .alreadyOpen
    default: return .unknownTerminalType(name.flatMap { $0.isEmpty ? nil : $0 })
    }
  }
}
