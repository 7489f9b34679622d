import TermGrid
import VirtioCore
import VirtioScript

/// What a ring picture needs besides its data: the theme and what the terminal can show. A picture drawn from a
/// ``PictureContext`` does not depend on the tutor's frame, so the live guest view draws the same picture.
public struct PictureContext: Sendable {
  public var theme: Theme
  public var capabilities: TerminalCapabilities

  public init(theme: Theme, capabilities: TerminalCapabilities) {
    self.theme = theme
    self.capabilities = capabilities
  }

  /// A theme role's style.
  func style(_ role: ThemeRole) -> Style { theme.style(role) }

  /// The Unicode or the ASCII spelling of a symbol.
  func symbol(_ unicode: String, _ ascii: String) -> String { capabilities.unicode ? unicode : ascii }

  /// `text` as the terminal can show it (see ``PaneContext/text(_:)``).
  func text(_ text: String) -> String {
    PaneContext(frame: .blank, theme: theme, capabilities: capabilities).text(text)
  }

  /// The writer's colour: the driver's or the device's.
  func writer(_ role: Role) -> Style { style(role == .driver ? .driver : .device) }

  /// A field the current event writes ("now"): the writer's colour, reverse video and bold (the writer's marker
  /// glyph ``nowGlyph(_:)`` goes next to it), so it stays visible without colour.
  func now(_ role: Role) -> Style {
    var s = writer(role)
    s.bold = true
    s.reverse = true
    s.dim = false
    return s
  }

  /// A field written earlier in the step: the writer's colour, bold.
  func earlier(_ role: Role) -> Style {
    var s = writer(role)
    s.bold = true
    s.dim = false
    return s
  }

  /// The glyph that marks the field of the current event, one per writer so that "one writer per field" shows
  /// without colour: `◆` (ASCII `*`) for a driver write, `●` (ASCII `@`) for a device write.
  func nowGlyph(_ writer: Role) -> String { writer == .driver ? symbol("◆", "*") : symbol("●", "@") }
}

extension PaneContext {
  /// The picture part of the context (theme and terminal), for pictures shared with other views.
  var picture: PictureContext { PictureContext(theme: theme, capabilities: capabilities) }
}

extension VisualFrame {
  /// A frame with nothing in it.
  static var blank: VisualFrame {
    VisualFrame(
      session: ScriptSession(), memory: nil, events: [], cursor: 0, phase: 0, flow: nil, flowCursor: 0, compareRuns: [],
      counterRows: [], problem: nil)
  }
}
