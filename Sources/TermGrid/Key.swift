/// A key press, decoded from whatever the terminal sent.
///
/// Designed to be switched on by a key map:
/// ```swift
/// switch key {
/// case .character("q"): return .quitRequested
/// case .right, .character("l"), .character(" "), .pageDown: return .nextStep
/// case .ctrl("l"): return .redrawRequested
/// case .function(1), .character("?"): return .helpToggled
/// default: return nil
/// }
/// ```
/// Ctrl-I, Ctrl-M/Ctrl-J and Ctrl-H arrive as `.tab`, `.enter` and `.backspace`, as terminals
/// send the same bytes for them. Ctrl-C and Ctrl-Z are signals, not keys (the terminal stays in
/// cbreak mode), so they arrive as ``InputEvent/signal(_:)`` or suspend the process.
public enum Key: Hashable, Sendable, CustomStringConvertible {
  /// A printable character, including `" "`.
  case character(Character)
  /// Ctrl plus a letter, as a lowercase `"a"..."z"`.
  case ctrl(Character)
  case up, down, left, right
  case pageUp, pageDown, home, end
  case insert, delete
  case enter, backspace, escape, tab
  /// Shift-Tab.
  case backTab
  /// F1, F2, ...: `.function(1)` is F1.
  case function(Int)

  /// Decodes one character code as read from a terminal in cbreak mode: C0 controls become
  /// `.enter`, `.tab`, `.backspace`, `.escape` or `.ctrl`, DEL is `.backspace`, and other
  /// valid scalars become `.character`. Returns `nil` for codes that are neither (NUL, the C1
  /// range, `0x1C...0x1F`, invalid scalars).
  public init?(terminalCharacter code: UInt32) {
    switch code {
    case 9: self = .tab
    case 10, 13: self = .enter
    case 8, 127: self = .backspace
    case 27: self = .escape
    case 1...26: self = .ctrl(Character(Unicode.Scalar(UInt8(code) + 0x60)))
    case 0, 0x1C...0x1F, 0x80...0x9F: return nil
    default:
      guard let scalar = Unicode.Scalar(code) else { return nil }
      self = .character(Character(scalar))
    }
  }

  /// A short human-readable name: `q`, `Space`, `Ctrl-L`, `PgDn`, `F1`, `Up`.
  public var description: String {
    switch self {
    case .character(" "): "Space"
    case .character(let c): String(c)
    case .ctrl(let c): "Ctrl-\(c.uppercased())"
    case .up: "Up"
    case .down: "Down"
    case .left: "Left"
    case .right: "Right"
    case .pageUp: "PgUp"
    case .pageDown: "PgDn"
    case .home: "Home"
    case .end: "End"
    case .insert: "Ins"
    case .delete: "Del"
    case .enter: "Enter"
    case .backspace: "Backspace"
    case .escape: "Esc"
    case .tab: "Tab"
    case .backTab: "Shift-Tab"
    case .function(let n): "F\(n)"
    }
  }
}
