extension TextSanitizer {
  /// A printable ASCII stand-in for `scalar`, for terminals that cannot show UTF-8.
  ///
  /// Box drawing maps to `-`, `|` and `+`, block elements to `#`, common arrows, bullets,
  /// dashes and quotes to their nearest ASCII look-alike, and anything else non-ASCII to `?`.
  public static func asciiFallback(for scalar: Unicode.Scalar) -> Unicode.Scalar {
    let value = scalar.value
    if value >= 0x20 && value < 0x7F { return scalar }
    if value < 0x20 || value == 0x7F { return "?" }
    if (0x2500...0x257F).contains(value) {
      if horizontalLines.contains(value) { return "-" }
      if verticalLines.contains(value) { return "|" }
      return "+"
    }
    if (0x2580...0x259F).contains(value) { return "#" }
    return lookAlikes[scalar] ?? "?"
  }

  /// ``asciiFallback(for:)`` applied to a whole string (after sanitizing it).
  public static func asciiString(_ text: String, tabWidth: Int = 4) -> String {
    var view = String.UnicodeScalarView()
    view.appendScalars(sanitize(text, tabWidth: tabWidth).map(asciiFallback(for:)))
    return String(view)
  }

  private static let horizontalLines: Set<UInt32> = [
    0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D, 0x2550, 0x2574, 0x2576,
    0x2578, 0x257A, 0x257C, 0x257E,
  ]

  private static let verticalLines: Set<UInt32> = [
    0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2551, 0x2575, 0x2577,
    0x2579, 0x257B, 0x257D, 0x257F,
  ]

  private static let lookAlikes: [Unicode.Scalar: Unicode.Scalar] = [
    "\u{A0}": " ", "•": "*", "◦": "o", "▪": "*", "■": "#", "□": "o", "●": "*", "○": "o",
    "·": ".", "…": ".", "–": "-", "—": "-", "‘": "'", "’": "'", "“": "\"", "”": "\"",
    "←": "<", "→": ">", "↑": "^", "↓": "v", "⇐": "<", "⇒": ">", "↔": "-",
    "▶": ">", "►": ">", "▸": ">", "◀": "<", "◄": "<", "◂": "<", "▲": "^", "▼": "v",
    "✓": "v", "✔": "v", "✗": "x", "✘": "x", "×": "x", "±": "+", "≤": "<", "≥": ">",
    "≠": "#", "°": "o", "\u{FFFD}": "?",
  ]
}
