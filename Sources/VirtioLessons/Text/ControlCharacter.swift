/// Names of the C0 and C1 control characters, for diagnostics.
enum ControlCharacter {
  private static let c0: [String] = [
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
    "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
  ]
  private static let c1: [String] = [
    "PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA", "HTS", "HTJ", "VTS", "PLD", "PLU", "RI", "SS2", "SS3",
    "DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA", "SOS", "SGCI", "SCI", "CSI", "ST", "OSC", "PM", "APC",
  ]

  /// Whether `value` is a C0 control, DEL or a C1 control.
  static func isControl(_ value: UInt32) -> Bool {
    value < 0x20 || (0x7F...0x9F).contains(value)
  }

  /// `U+001B (ESC)`.
  static func describe(_ value: UInt32) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    let name: String
    switch value {
    case 0..<0x20: name = c0[Int(value)]
    case 0x7F: name = "DEL"
    case 0x80...0x9F: name = c1[Int(value - 0x80)]
    case 0x202A: name = "LEFT-TO-RIGHT EMBEDDING"
    case 0x202B: name = "RIGHT-TO-LEFT EMBEDDING"
    case 0x202C: name = "POP DIRECTIONAL FORMATTING"
    case 0x202D: name = "LEFT-TO-RIGHT OVERRIDE"
    case 0x202E: name = "RIGHT-TO-LEFT OVERRIDE"
    case 0x2066: name = "LEFT-TO-RIGHT ISOLATE"
    case 0x2067: name = "RIGHT-TO-LEFT ISOLATE"
    case 0x2068: name = "FIRST STRONG ISOLATE"
    case 0x2069: name = "POP DIRECTIONAL ISOLATE"
    case 0x200E: name = "LEFT-TO-RIGHT MARK"
    case 0x200F: name = "RIGHT-TO-LEFT MARK"
    case 0x061C: name = "ARABIC LETTER MARK"
    case 0x2028: name = "LINE SEPARATOR"
    case 0x2029: name = "PARAGRAPH SEPARATOR"
    default: return code
    }
    return "\(code) (\(name))"
  }
}
