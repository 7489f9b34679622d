import TermGrid

extension NCursesTerminal {
  /// How to open the terminal; the defaults suit the tutor.
  public struct Options: Sendable {
    /// Terminal type; `nil` uses `$TERM`.
    public var term: String?
    /// What the caller wants (from flags such as `--ascii`/`--no-color`). The terminal narrows
    /// it: no Unicode without a UTF-8 locale, no colour when `NO_COLOR` is set or the terminal
    /// has none. The result is ``NCursesTerminal/capabilities``.
    public var requested: TerminalCapabilities
    /// How long curses waits after Esc for the rest of an escape sequence (ncurses defaults
    /// to 1000 ms, which makes Esc feel broken).
    public var escapeDelayMilliseconds: Int
    /// A blocking ``NCursesTerminal/nextInput(timeout:)`` still wakes this often to check for
    /// a termination signal that raced with the start of the wait, or went to another thread.
    public var idleWakeInterval: Duration
    /// Whether ``NCursesTerminal/open(options:)`` sets only `LC_CTYPE` (what curses needs) and leaves the other
    /// locale categories to a later ``NCursesTerminal/setRestOfLocale()`` (the tutor: after its first frame).
    public var restOfLocaleLater: Bool

    public init(
      term: String? = nil, requested: TerminalCapabilities = .full,
      escapeDelayMilliseconds: Int = 25, idleWakeInterval: Duration = .seconds(1), restOfLocaleLater: Bool = false
    ) {
      self.term = term
      self.requested = requested
      self.escapeDelayMilliseconds = escapeDelayMilliseconds
      self.idleWakeInterval = idleWakeInterval
      self.restOfLocaleLater = restOfLocaleLater
    }
  }
}
