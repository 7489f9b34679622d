/// Writes JSON text directly, keys in the order given: what `trace --format json` streams with, so that the output
/// costs no dictionaries, no key sorting and no memory that grows with the script.
struct JSONText {
  private(set) var text = ""
  private var needsComma = false

  /// A string literal, escaped as RFC 8259 requires (control characters as `\u00XX`).
  static func quoted(_ value: String) -> String {
    // Most strings need no escape: check the bytes once and copy them whole.
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

  /// Starts an object: `{`.
  mutating func open() {
    text += "{"
    needsComma = false
  }

  /// Ends an object: `}`.
  mutating func close() { text += "}" }

  /// `"key": <raw JSON>`.
  mutating func raw(_ key: String, _ json: String) {
    if needsComma { text += ", " }
    text += JSONText.quoted(key) + ": " + json
    needsComma = true
  }

  mutating func string(_ key: String, _ value: String) { raw(key, JSONText.quoted(value)) }
  mutating func number<T: BinaryInteger>(_ key: String, _ value: T) { raw(key, String(value)) }
  mutating func bool(_ key: String, _ value: Bool) { raw(key, value ? "true" : "false") }
}
