/// One of the 16 ANSI terminal colours, or the terminal's own default.
///
/// The backend maps these onto the terminal's palette: `.default` is the user's own
/// foreground/background, and the bright variants fall back to their base colour on
/// terminals with only 8 colours. Themes (in the app) decide what each colour means.
public enum TermColor: Hashable, Sendable, CaseIterable {
  case `default`
  case black, red, green, yellow, blue, magenta, cyan, white
  case brightBlack, brightRed, brightGreen, brightYellow
  case brightBlue, brightMagenta, brightCyan, brightWhite

  /// The ANSI palette index, 0...15; `nil` for `.default`.
  public var ansiIndex: Int? {
    switch self {
    case .default: nil
    case .black: 0
    case .red: 1
    case .green: 2
    case .yellow: 3
    case .blue: 4
    case .magenta: 5
    case .cyan: 6
    case .white: 7
    case .brightBlack: 8
    case .brightRed: 9
    case .brightGreen: 10
    case .brightYellow: 11
    case .brightBlue: 12
    case .brightMagenta: 13
    case .brightCyan: 14
    case .brightWhite: 15
    }
  }

  /// The colour with palette index `index` (0...15); `.default` for anything else.
  public init(ansiIndex index: Int) {
    let all: [TermColor] = [
      .black, .red, .green, .yellow, .blue, .magenta, .cyan, .white,
      .brightBlack, .brightRed, .brightGreen, .brightYellow,
      .brightBlue, .brightMagenta, .brightCyan, .brightWhite,
    ]
    self = (0..<16).contains(index) ? all[index] : .default
  }

  /// The non-bright version (`.brightRed` → `.red`); other colours are unchanged.
  public var base: TermColor {
    guard let index = ansiIndex, index >= 8 else { return self }
    return TermColor(ansiIndex: index - 8)
  }
}
