import TermGrid

/// A named mapping from ``ThemeRole`` to ``Style``: dark, light, the terminal's own colours, and a high-contrast
/// projector theme. Every role that carries state also carries an attribute (bold, reverse, underline), so nothing
/// depends on colour alone and `NO_COLOR` loses no meaning.
public struct Theme: Equatable, Sendable {
  /// The theme's name as the CLI spells it.
  public let name: String
  let styles: [ThemeRole: Style]

  /// The style for a role (plain when the theme leaves it out).
  public func style(_ role: ThemeRole) -> Style { styles[role] ?? .plain }

  /// The built-in themes, by CLI name.
  public static let all: [Theme] = [.dark, .light, .terminal, .projector]

  /// Looks a theme up by name.
  public static func named(_ name: String) -> Theme? { all.first { $0.name == name.lowercased() } }

  /// Attributes shared by every theme: they carry the meaning when colours are off.
  static func base() -> [ThemeRole: Style] {
    [
      .titleBar: Style(bold: true, reverse: true), .statusBar: Style(reverse: true), .keyHint: Style(bold: true),
      .paneTitle: Style(bold: true), .overlayTitle: Style(bold: true), .selection: Style(reverse: true),
      .dim: Style(dim: true), .heading1: Style(bold: true, underline: true), .heading2: Style(bold: true),
      .heading3: Style(bold: true), .emphasis: Style(italic: true), .strong: Style(bold: true),
      .strikethrough: Style(dim: true), .code: Style(bold: true), .codeBlock: Style(bold: true), .link: Style(underline: true), .linkTarget: Style(dim: true),
      .quote: Style(italic: true), .tableHeader: Style(bold: true), .tableRule: Style(dim: true),
      .current: Style(bold: true, reverse: true), .changed: Style(bold: true), .error: Style(bold: true),
      .warning: Style(bold: true), .suppressed: Style(dim: true), .descFree: Style(dim: true),
      .descAvail: Style(bold: true), .descInUse: Style(reverse: true), .descUsed: Style(underline: true),
      .borderFocused: Style(bold: true),
    ]
  }

  static func make(_ name: String, _ colors: [ThemeRole: (TermColor, TermColor)]) -> Theme {
    var styles = base()
    for (role, (fg, bg)) in colors {
      var s = styles[role] ?? .plain
      s.fg = fg
      s.bg = bg
      styles[role] = s
    }
    return Theme(name: name, styles: styles)
  }

  /// Colours for a dark terminal background.
  public static let dark = make("dark", [
    .titleBar: (.black, .cyan), .statusBar: (.black, .white), .border: (.blue, .default), .borderFocused: (.cyan, .default),
    .paneTitle: (.cyan, .default), .heading1: (.yellow, .default), .heading2: (.yellow, .default), .heading3: (.yellow, .default),
    .code: (.green, .default), .codeBlock: (.green, .default), .link: (.cyan, .default), .quote: (.magenta, .default),
    .listMarker: (.cyan, .default), .driver: (.green, .default), .device: (.magenta, .default), .hypervisor: (.yellow, .default),
    .host: (.blue, .default), .hardware: (.red, .default), .current: (.black, .yellow), .changed: (.yellow, .default),
    .error: (.red, .default), .warning: (.yellow, .default), .success: (.green, .default), .descDriver: (.green, .default),
    .descAvail: (.cyan, .default), .descInUse: (.black, .magenta), .descUsed: (.yellow, .default), .overlay: (.white, .blue),
    .overlayTitle: (.yellow, .blue), .keyHint: (.black, .white),
  ])

  /// Colours for a light terminal background.
  public static let light = make("light", [
    .titleBar: (.white, .blue), .statusBar: (.white, .black), .border: (.blue, .default), .borderFocused: (.magenta, .default),
    .paneTitle: (.blue, .default), .heading1: (.blue, .default), .heading2: (.blue, .default), .heading3: (.blue, .default),
    .code: (.red, .default), .codeBlock: (.red, .default), .link: (.blue, .default), .quote: (.magenta, .default),
    .listMarker: (.blue, .default), .driver: (.green, .default), .device: (.magenta, .default), .hypervisor: (.red, .default),
    .host: (.blue, .default), .hardware: (.red, .default), .current: (.white, .red), .changed: (.red, .default),
    .error: (.red, .default), .warning: (.magenta, .default), .success: (.green, .default), .descDriver: (.green, .default),
    .descAvail: (.blue, .default), .descInUse: (.white, .magenta), .descUsed: (.red, .default), .overlay: (.black, .white),
    .overlayTitle: (.blue, .white), .keyHint: (.white, .black),
  ])

  /// The terminal's own palette: attributes only, so a teacher's terminal profile applies as is.
  public static let terminal = Theme(name: "terminal", styles: base())

  /// High contrast for projectors: bright colours on the default background, bold everywhere it matters.
  public static let projector: Theme = {
    var theme = make("projector", [
      .titleBar: (.black, .brightWhite), .statusBar: (.black, .brightWhite), .border: (.brightWhite, .default),
      .borderFocused: (.brightYellow, .default), .paneTitle: (.brightYellow, .default), .heading1: (.brightYellow, .default),
      .heading2: (.brightYellow, .default), .heading3: (.brightYellow, .default), .code: (.brightGreen, .default),
      .codeBlock: (.brightGreen, .default), .link: (.brightCyan, .default), .quote: (.brightWhite, .default),
      .driver: (.brightGreen, .default), .device: (.brightMagenta, .default), .hypervisor: (.brightYellow, .default),
      .host: (.brightCyan, .default), .hardware: (.brightRed, .default), .current: (.black, .brightYellow),
      .changed: (.brightYellow, .default), .error: (.brightRed, .default), .descAvail: (.brightCyan, .default),
      .descInUse: (.black, .brightMagenta), .descUsed: (.brightYellow, .default), .descDriver: (.brightGreen, .default),
      .overlay: (.brightWhite, .black), .overlayTitle: (.brightYellow, .black), .keyHint: (.black, .brightWhite),
    ])
    var styles = theme.styles
    for role in [ThemeRole.text, .driver, .device, .code, .link, .changed, .error] { styles[role, default: .plain].bold = true }
    theme = Theme(name: "projector", styles: styles)
    return theme
  }()
}
