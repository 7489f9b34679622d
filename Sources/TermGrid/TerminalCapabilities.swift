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
