import TermGrid

/// A named mapping from ``ThemeRole`` to ``Style``: dark, light, the terminal's own colours, and a high-contrast
/// projector theme. Every role that carries state also carries an attribute (bold, reverse, underline), so nothing
/// depends on colour alone and `NO_COLOR` loses no meaning.
public struct Theme: Equatable, Sendable {
  /// The theme's name as the CLI spells it.
  public let name: String
  let styles: [ThemeRole: Style]
  /// The colours the theme paints where a pane left the terminal's default (foreground, background), so that it
  /// owns every cell; nil to keep the terminal's own (`dark`, `light`, `terminal`).
  public var ownColors: (foreground: TermColor, background: TermColor)?
  /// Whether dim text is turned into plain text (a projector washes dim text out).
  public var allowsDim = true
  /// The RGB values the theme's colours were chosen against (and a recording's header carries).
  public var palette = ThemePalette.xterm

  init(name: String, styles: [ThemeRole: Style]) {
    self.name = name
    self.styles = styles
  }

  public static func == (a: Theme, b: Theme) -> Bool {
    a.name == b.name && a.styles == b.styles && a.ownColors?.foreground == b.ownColors?.foreground
      && a.ownColors?.background == b.ownColors?.background && a.allowsDim == b.allowsDim && a.palette == b.palette
  }

  /// The style for a role (plain when the theme leaves it out).
  public func style(_ role: ThemeRole) -> Style { styles[role] ?? .plain }

  /// The built-in themes, by CLI name.
  public static let all: [Theme] = [.dark, .light, .terminal, .projector]

  /// Looks a theme up by name. Only the theme asked for is built (each is a `static let` made on first use): the
  /// tutor's start-up asks for one, and building all four cost a quarter of a million instructions before the
  /// first frame. `ThemeTests` checks that every theme of ``all`` is found by its name.
  public static func named(_ name: String) -> Theme? {
    switch name.lowercased() {
    case "dark": return .dark
    case "light": return .light
    case "terminal": return .terminal
    case "projector": return .projector
    default: return nil
    }
  }

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

  /// High contrast for projectors: its own black background and bright white text in every cell, no dim text, and
  /// only colours whose WCAG contrast ratio against their background is at least 7:1 (AAA) with xterm's palette
  /// (`ThemeTests` measures every role and every cell of the golden screens). Red, magenta and blue cannot reach
  /// 7:1 on black (5.3, 6.7, 4.3 at best), so errors are bright yellow underlined, the device is bright cyan, the
  /// host cyan and hardware white underlined; every state still has its attribute (`docs/DECISIONS.md`).
  public static let projector: Theme = {
    let black = TermColor.black
    var theme = make("projector", [
      .text: (.brightWhite, black), .titleBar: (black, .brightWhite), .statusBar: (black, .brightWhite),
      .keyHint: (black, .brightWhite), .border: (.white, black), .borderFocused: (.brightYellow, black),
      .paneTitle: (.brightYellow, black), .overlay: (.brightWhite, black), .overlayTitle: (.brightYellow, black),
      .selection: (black, .brightWhite), .dim: (.white, black), .heading1: (.brightYellow, black),
      .heading2: (.brightYellow, black), .heading3: (.brightYellow, black), .emphasis: (.brightWhite, black),
      .strong: (.brightWhite, black), .strikethrough: (.white, black), .code: (.brightGreen, black),
      .codeBlock: (.brightGreen, black), .link: (.brightCyan, black), .linkTarget: (.white, black),
      .quote: (.brightWhite, black), .listMarker: (.brightYellow, black), .tableHeader: (.brightWhite, black),
      .tableRule: (.white, black), .driver: (.brightGreen, black), .device: (.brightCyan, black),
      .hypervisor: (.brightYellow, black), .host: (.cyan, black), .hardware: (.white, black),
      .current: (black, .brightYellow), .changed: (.brightYellow, black), .error: (.brightYellow, black),
      .warning: (.yellow, black), .success: (.brightGreen, black), .suppressed: (.white, black),
      .descFree: (.white, black), .descDriver: (.brightGreen, black), .descAvail: (.brightCyan, black),
      .descInUse: (black, .brightCyan), .descUsed: (.brightYellow, black),
    ])
    var styles = theme.styles
    for role in ThemeRole.allCases { styles[role, default: .plain].dim = false }
    for role in [ThemeRole.text, .driver, .device, .code, .link, .changed, .error, .hardware] { styles[role, default: .plain].bold = true }
    for role in [ThemeRole.error, .hardware] { styles[role, default: .plain].underline = true }
    theme = Theme(name: "projector", styles: styles)
    theme.ownColors = (.brightWhite, black)
    theme.allowsDim = false
    return theme
  }()
}
