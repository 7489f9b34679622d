/// JSON string literals (RFC 8259 §7), the one escaper every JSON writer of the project uses (`trace --format
/// json`, asciicast recordings): quotes, backslashes and every control character escaped — C0, DEL and the C1
/// range as `\u00XX` (ESC as `\u001b`), so that no byte of a recorded or traced string can act on a terminal
/// that prints the JSON.
public enum JSONString {
  /// `"a\"b"` for `a"b`.
  public static func quoted(_ value: String) -> String {
    // Most strings need no escape: check the bytes once and copy them whole. C1 controls (U+0080–U+009F) are
    // encoded in UTF-8 as 0xC2 0x80–0x9F, so a 0xC2 byte sends the string to the slow path.
    if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5c || $0 == 0x7f || $0 == 0xc2 }) {
      return "\"" + value + "\""
    }
    var out = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x7f || (0x80...0x9f).contains(scalar.value):
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
