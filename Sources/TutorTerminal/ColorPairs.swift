import CNcursesw
import CTermShim
import TermGrid

/// Maps `TermColor` foreground/background combinations to curses colour pairs, allocating
/// each pair the first time it is used.
struct ColorPairs {
  private struct Key: Hashable {
    var fg: Int32
    var bg: Int32
  }

  /// Whether colour output is on at all; when off every style uses pair 0.
  let enabled: Bool
  /// Whether `use_default_colors` succeeded, so -1 means "the terminal's own colour".
  let defaultColors: Bool
  /// `COLORS` after `start_color`: 8 on basic terminals, 16/256+ on modern ones.
  let paletteSize: Int32
  private var pairs: [Key: Int16] = [:]

  init(enabled: Bool, defaultColors: Bool, paletteSize: Int32) {
    self.enabled = enabled
    self.defaultColors = defaultColors
    self.paletteSize = paletteSize
  }

  /// The curses colour number for `color` as a foreground (`isForeground`) or background.
  func cursesColor(_ color: TermColor, isForeground: Bool) -> Int32 {
    guard let index = color.ansiIndex else {
      if defaultColors { return -1 }
      return isForeground ? Int32(COLOR_WHITE) : Int32(COLOR_BLACK)
    }
    return Int32(index < Int(paletteSize) ? index : index % 8)
  }

  /// Attributes to add for `style` beyond its own flags: bold stands in for a bright
  /// foreground on 8-colour terminals.
  func extraAttributes(for style: Style) -> attr_t {
    guard enabled, paletteSize < 16, let index = style.fg.ansiIndex, index >= 8 else { return 0 }
    return ts_a_bold()
  }

  /// The pair number for `style`'s colours (0 = terminal defaults, or when out of pairs).
  mutating func pair(for style: Style) -> Int16 {
    guard enabled else { return 0 }
    let key = Key(
      fg: cursesColor(style.fg, isForeground: true), bg: cursesColor(style.bg, isForeground: false))
    if key.fg == -1 && key.bg == -1 { return 0 }
    if let known = pairs[key] { return known }
    let allocated = alloc_pair(key.fg, key.bg)
    let pair = allocated > 0 && allocated <= Int32(Int16.max) ? Int16(allocated) : 0
    pairs[key] = pair
    return pair
  }
}
