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
    default: return code
    }
    return "\(code) (\(name))"
  }
}
