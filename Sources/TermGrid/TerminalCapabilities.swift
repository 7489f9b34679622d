/// What the output can show: Unicode glyphs or ASCII only, colours or attributes only.
///
/// The CLI decides the requested value (flags, `NO_COLOR`); the curses backend narrows it to
/// what the locale and terminal support and reports the result as its `capabilities`. Views
/// read it to pick glyphs and styles.
public struct TerminalCapabilities: Hashable, Sendable, CustomStringConvertible {
  /// UTF-8 output is possible; when false, backends replace non-ASCII with look-alikes.
  public var unicode: Bool
  /// Colours are shown; when false, backends drop colours and keep bold/dim/italic/underline/reverse.
  public var color: Bool

  public init(unicode: Bool = true, color: Bool = true) {
    self.unicode = unicode
    self.color = color
  }

  /// Unicode and colour.
  public static let full = TerminalCapabilities(unicode: true, color: true)
  /// ASCII glyphs and no colour.
  public static let minimal = TerminalCapabilities(unicode: false, color: false)

  /// ``BoxGlyphs/unicode`` or ``BoxGlyphs/ascii``.
  public var boxGlyphs: BoxGlyphs { unicode ? .unicode : .ascii }

  /// What the environment allows before any flag: Unicode only when the locale's character set is UTF-8
  /// (``localeIsUTF8(_:)``), colour unless `NO_COLOR` says otherwise. `ascii` (the `--ascii` flag) turns Unicode off.
  /// The one place that reads the locale for glyphs: the TUI, `render` and the plain-text fallback all start here.
  public static func requested(ascii: Bool = false, environment: [String: String]) -> TerminalCapabilities {
    TerminalCapabilities(
      unicode: !ascii && localeIsUTF8(environment), color: colorAllowed(noColor: environment["NO_COLOR"]))
  }

  /// Whether the locale the environment selects for characters has a UTF-8 character set: the first non-empty of
  /// `LC_ALL`, `LC_CTYPE`, `LANG` (POSIX precedence) names `UTF-8` or `utf8` (any case) as its codeset, e.g.
  /// `en_US.UTF-8` or `C.utf8`. None set, `C` and `POSIX` are not UTF-8 (POSIX: the default locale is "C"). The
  /// curses backend falls back to `C.UTF-8` internally only so ncursesw can paint what this allows.
  public static func localeIsUTF8(_ environment: [String: String]) -> Bool {
    let name = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? "C"
    guard let dot = name.firstIndex(of: ".") else { return false }
    let codeset = name[name.index(after: dot)...].prefix { $0 != "@" }.lowercased()
    return codeset == "utf-8" || codeset == "utf8"
  }

  /// Whether colour is allowed given the value of the `NO_COLOR` environment variable
  /// (https://no-color.org: any non-empty value disables colour).
  public static func colorAllowed(noColor value: String?) -> Bool {
    value?.isEmpty ?? true
  }

  /// `style` as it will appear: without colours when ``color`` is off.
  public func effective(_ style: Style) -> Style {
    color ? style : style.withoutColors
  }

  /// `scalar` as it will appear: its ASCII look-alike when ``unicode`` is off.
  public func effective(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    unicode ? scalar : TextSanitizer.asciiFallback(for: scalar)
  }

  public var description: String {
    "\(unicode ? "unicode" : "ascii"), \(color ? "color" : "no color")"
  }
}
