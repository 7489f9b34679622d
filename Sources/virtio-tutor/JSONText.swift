import TutorUI

/// Writes JSON text directly, keys in the order given: what `trace --format json` streams with, so that the output
/// costs no dictionaries, no key sorting and no memory that grows with the script.
struct JSONText {
  private(set) var text = ""
  private var needsComma = false

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
    text += JSONString.quoted(key) + ": " + json
    needsComma = true
  }

  mutating func string(_ key: String, _ value: String) { raw(key, JSONString.quoted(value)) }
  mutating func number<T: BinaryInteger>(_ key: String, _ value: T) { raw(key, String(value)) }
  mutating func bool(_ key: String, _ value: Bool) { raw(key, value ? "true" : "false") }
}
