/// Turns arbitrary text into scalars that are safe to put in cells: one scalar, one column.
///
/// Text from lesson files must never drive the terminal and never break the grid's geometry,
/// so every ``CellGrid`` drawing call passes its text through here:
/// - control characters (C0 including ESC, DEL, C1 `0x80...0x9F`, line/paragraph separators)
///   become ``replacement``, so an `ESC [ 2 J` in a lesson shows up as `�[2J` instead of
///   clearing the screen;
/// - characters whose display width is not 1 (East Asian wide, emoji, combining marks,
///   zero-width and format characters, unassigned code points) also become ``replacement``;
/// - a tab becomes spaces up to the next multiple of `tabWidth`, counted from the start of the
///   text being sanitized.
///
/// ```swift
/// TextSanitizer.sanitizedString("a\u{1B}[31mb")   // "a�[31mb"
/// ```
public enum TextSanitizer {
  /// What unsafe or non-single-width characters turn into: U+FFFD `�`.
  public static let replacement: Unicode.Scalar = "\u{FFFD}"

  /// The cells for `text`, one scalar per column. Newlines are control characters here:
  /// split lines first (``TextWrap`` does) if they should break.
  public static func sanitize(_ text: String, tabWidth: Int = 4) -> [Unicode.Scalar] {
    let tab = Swift.max(1, tabWidth)
    var cells: [Unicode.Scalar] = []
    cells.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      if scalar == "\t" {
        let spaces = tab - cells.count % tab
        cells.append(contentsOf: repeatElement(" ", count: spaces))
      } else {
        cells.append(cell(for: scalar))
      }
    }
    return cells
  }

  /// ``sanitize(_:tabWidth:)`` as a `String`.
  public static func sanitizedString(_ text: String, tabWidth: Int = 4) -> String {
    var view = String.UnicodeScalarView()
    view.appendScalars(sanitize(text, tabWidth: tabWidth))
    return String(view)
  }

  /// `scalar` itself when it is printable and exactly one column wide, else ``replacement``.
  public static func cell(for scalar: Unicode.Scalar) -> Unicode.Scalar {
    displayWidth(of: scalar) == 1 ? scalar : replacement
  }

  /// Whether `text` would pass through ``sanitize(_:tabWidth:)`` unchanged (tabs excepted).
  /// Useful for a lesson checker that wants to warn rather than silently replace.
  public static func isSafe(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { $0 == "\t" || displayWidth(of: $0) == 1 }
  }

  /// Columns a terminal uses for `scalar`, like `wcwidth(3)`: `-1` for control and unassigned
  /// characters, `0` for combining and format characters, `2` for wide ones, else `1`.
  ///
  /// Pure Swift, independent of the process locale. East Asian "ambiguous" characters count
  /// as 1, as in every UTF-8 locale outside CJK legacy settings.
  public static func displayWidth(of scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x7F { return value >= 0x20 ? 1 : -1 }  // fast path for ASCII
    switch scalar.properties.generalCategory {
    case .control, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate:
      return -1
    case .nonspacingMark, .enclosingMark, .spacingMark, .format:
      return 0
    default:
      break
    }
    if (0x1160...0x11FF).contains(value) { return 0 }  // Hangul medial vowels, final consonants
    if scalar.properties.isEmojiPresentation { return 2 }
    return wideRanges.contains { $0.contains(value) } ? 2 : 1
  }

  /// East Asian Wide and Fullwidth blocks (the emoji ones are caught by `isEmojiPresentation`).
  static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
    0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
    0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
    0x17000...0x18AFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF, 0x20000...0x2FFFD,
    0x30000...0x3FFFD,
  ]
}
