extension TextSanitizer {
  /// A character that must never reach a terminal from text we did not write: the grid's cell rule and the
  /// stream rule (``terminalSafeString(_:)``) share it.
  public enum Hazard: Equatable, Sendable {
    /// A C0 control (ESC, NUL, BS, CR, …), DEL, a C1 control (CSI, OSC, …) or a line/paragraph separator.
    case control
    /// A bidirectional override, embedding or isolate (U+202A–202E, U+2066–2069) or mark (U+200E, U+200F,
    /// U+061C): it reorders what follows it on screen ("Trojan Source").
    case bidi
  }

  /// What is wrong with `scalar` on a terminal, or nil when it is harmless there. Tab and newline are harmless
  /// (streams keep their lines; the grid splits lines before drawing and expands tabs).
  public static func hazard(_ scalar: Unicode.Scalar) -> Hazard? {
    let value = scalar.value
    if value == 0x09 || value == 0x0A { return nil }
    if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029 { return .control }
    if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F
      || value == 0x061C
    {
      return .bidi
    }
    return nil
  }

  /// `text` made safe to write to a terminal as a stream (plain mode, `check`, `lessons`, `lessons dump`, CLI
  /// messages): every ``hazard(_:)`` becomes ``replacement``; newlines, tabs and wide characters stay (a stream
  /// has no grid to keep aligned). Apply it to text after every decoding step (YAML escapes, HTML entities,
  /// markdown), i.e. at the output.
  ///
  /// ```swift
  /// TextSanitizer.terminalSafeString("a\u{1B}]52;c;eA==\u{07}b")   // "a�]52;c;eA==�b"
  /// ```
  public static func terminalSafeString(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { hazard($0) != nil }) else { return text }
    var view = String.UnicodeScalarView()
    for scalar in text.unicodeScalars { view.append(hazard(scalar) == nil ? scalar : replacement) }
    return String(view)
  }

  /// The hazards in `text` with their 0-based scalar offsets, for a checker that reports them by position.
  public static func hazards(in text: String) -> [(offset: Int, scalar: Unicode.Scalar, hazard: Hazard)] {
    var found: [(offset: Int, scalar: Unicode.Scalar, hazard: Hazard)] = []
    for (offset, scalar) in text.unicodeScalars.enumerated() {
      if let hazard = hazard(scalar) { found.append((offset, scalar, hazard)) }
    }
    return found
  }
}

extension TextSanitizer {
  /// JSON text with every ``hazard(_:)`` written as a `\uXXXX` escape, so the document still decodes to the same
  /// strings but no raw control or bidi character reaches a terminal that shows it. Hazards can only occur inside
  /// JSON strings (the structure is ASCII), where `\uXXXX` is always valid.
  public static func jsonEscapingHazards(_ json: String) -> String {
    guard json.unicodeScalars.contains(where: { hazard($0) != nil && $0 != "\n" }) else { return json }
    var out = String.UnicodeScalarView()
    for scalar in json.unicodeScalars {
      guard hazard(scalar) != nil else {
        out.append(scalar)
        continue
      }
      let hex = String(scalar.value, radix: 16)
      out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
    }
    return String(out)
  }
}
