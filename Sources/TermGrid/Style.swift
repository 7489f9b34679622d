/// How a cell looks: foreground and background colour plus text attributes.
///
/// Styles carry no meaning of their own; the app's theme maps meanings (heading, driver,
/// device, ...) to styles. The attributes survive `NO_COLOR`; colours do not, so a theme
/// should never rely on colour alone.
///
/// ```swift
/// let heading = Style(fg: .cyan, bold: true)
/// var selected = heading
/// selected.reverse = true
/// ```
public struct Style: Hashable, Sendable, CustomStringConvertible {
  public var fg: TermColor
  public var bg: TermColor
  public var bold: Bool
  public var dim: Bool
  public var italic: Bool
  public var underline: Bool
  public var reverse: Bool

  public init(
    fg: TermColor = .default, bg: TermColor = .default, bold: Bool = false, dim: Bool = false,
    italic: Bool = false, underline: Bool = false, reverse: Bool = false
  ) {
    self.fg = fg
    self.bg = bg
    self.bold = bold
    self.dim = dim
    self.italic = italic
    self.underline = underline
    self.reverse = reverse
  }

  /// Default colours, no attributes.
  public static let plain = Style()

  /// This style with its colours reset to `.default`, keeping the attributes (for `NO_COLOR`).
  public var withoutColors: Style {
    var copy = self
    copy.fg = .default
    copy.bg = .default
    return copy
  }

  /// A compact form such as `fg:cyan+bold`, or `plain`.
  public var description: String {
    var parts: [String] = []
    if fg != .default { parts.append("fg:\(fg)") }
    if bg != .default { parts.append("bg:\(bg)") }
    let flags = [
      ("bold", bold), ("dim", dim), ("italic", italic), ("underline", underline), ("reverse", reverse),
    ]
    parts += flags.filter(\.1).map(\.0)
    return parts.isEmpty ? "plain" : parts.joined(separator: "+")
  }
}
