/// Why the full-screen terminal could not be opened; the CLI prints ``description`` (one
/// line) and falls back to plain text.
public enum TerminalUnavailable: Error, Equatable, Sendable, CustomStringConvertible {
  /// Standard output is a pipe or file, not a terminal.
  case stdoutNotATerminal
  /// Standard input is not a terminal, so keys cannot be read.
  case stdinNotATerminal
  /// `TERM` is unset (`nil`) or names a terminal type terminfo does not know.
  case unknownTerminalType(String?)
  /// The terminal type cannot move the cursor (e.g. `TERM=dumb`).
  case cannotAddressCursor(String)
  /// Another `NCursesTerminal` is already open in this process.
  case alreadyOpen

  public var description: String {
    switch self {
    case .stdoutNotATerminal: "standard output is not a terminal"
    case .stdinNotATerminal: "standard input is not a terminal"
    case .unknownTerminalType(nil): "TERM is not set"
    case .unknownTerminalType(let term?): "terminal type '\(term)' is unknown"
    case .cannotAddressCursor(let term): "terminal type '\(term)' cannot address the cursor"
    case .alreadyOpen: "the terminal is already in use by this program"
    }
  }
}
