import TermGrid

/// The RGB value of each of the 16 ANSI colours a theme is designed (and measured) against, plus WCAG 2.x contrast
/// arithmetic. The default is xterm's own palette (`XTerm-col.ad`), which most terminal emulators and tmux start
/// from; a `.cast` recording carries it in its header, so a recording shows exactly the measured colours.
public struct ThemePalette: Equatable, Sendable {
  /// One colour, 8 bits per channel.
  public struct RGB: Equatable, Hashable, Sendable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
      self.red = red
      self.green = green
      self.blue = blue
    }

    /// `#rrggbb`, as CSS and asciicast headers write it.
    public var css: String {
      "#" + [red, green, blue].map { byte in
        let s = String(byte, radix: 16)
        return s.count == 1 ? "0" + s : s
      }.joined()
    }

    /// WCAG 2.x relative luminance: each sRGB channel linearised, then 0.2126 R + 0.7152 G + 0.0722 B.
    public var relativeLuminance: Double {
      func linear(_ channel: UInt8) -> Double {
        let c = Double(channel) / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
      }
      return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// WCAG 2.x contrast ratio `(L1 + 0.05) / (L2 + 0.05)` with L1 the lighter: 1 (none) to 21 (black on white).
    public func contrast(with other: RGB) -> Double {
      let (a, b) = (relativeLuminance, other.relativeLuminance)
      return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }
  }

  /// The 16 colours in ANSI order (black, red, … white, then the bright ones).
  public var colors: [RGB]
  /// What `.default` means for text.
  public var foreground: RGB
  /// What `.default` means for the background.
  public var background: RGB

  /// xterm's default palette, white-ish text on black.
  public static let xterm = ThemePalette(
    colors: [
      RGB(0x00, 0x00, 0x00), RGB(0xcd, 0x00, 0x00), RGB(0x00, 0xcd, 0x00), RGB(0xcd, 0xcd, 0x00),
      RGB(0x00, 0x00, 0xee), RGB(0xcd, 0x00, 0xcd), RGB(0x00, 0xcd, 0xcd), RGB(0xe5, 0xe5, 0xe5),
      RGB(0x7f, 0x7f, 0x7f), RGB(0xff, 0x00, 0x00), RGB(0x00, 0xff, 0x00), RGB(0xff, 0xff, 0x00),
      RGB(0x5c, 0x5c, 0xff), RGB(0xff, 0x00, 0xff), RGB(0x00, 0xff, 0xff), RGB(0xff, 0xff, 0xff),
    ],
    foreground: RGB(0xe5, 0xe5, 0xe5), background: RGB(0x00, 0x00, 0x00))

  /// The RGB of `color` (`.default` as a foreground, or as a background when `background` is set).
  public func rgb(_ color: TermColor, background isBackground: Bool = false) -> RGB {
    guard let index = color.ansiIndex, colors.indices.contains(index) else { return isBackground ? background : foreground }
    return colors[index]
  }

  /// The contrast ratio of text in `style` as it shows (reverse swaps foreground and background).
  public func contrast(of style: Style) -> Double {
    rgb(style.fg).contrast(with: rgb(style.bg, background: true))
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
