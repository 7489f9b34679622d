import TermGrid

/// Checks text that a decoding step produced (a YAML escape such as `"\e"` or `"\u202E"`, an HTML entity such as
/// `&#27;`) for characters that would drive or reorder the terminal, using the one rule every output applies
/// (``TextSanitizer/hazard(_:)``).
///
/// Raw control bytes never get this far (``TextScanner`` reports them and replaces them by U+FFFD), so a control
/// character here came from an escape: an error, as its raw form is. A bidi control is a warning, reported here
/// only when the source line does not hold it literally (``TextScanner`` reports literal ones at their column).
enum DecodedText {
  /// At most this many hazards are reported per decoded value.
  static let reportLimit = 3

  static func check(_ text: String, what: String, at position: SourcePosition, sourceLine: Substring)
    -> [LessonDiagnostic]
  {
    var found: [LessonDiagnostic] = []
    for (offset, scalar, hazard) in TextSanitizer.hazards(in: text) where found.count < reportLimit {
      let name = ControlCharacter.describe(scalar.value)
      switch hazard {
      case .control:
        found.append(
          .error(
            "\(what) holds control character \(name) after decoding its escapes (character \(offset + 1)); it would drive the terminal",
            at: position))
      case .bidi:
        guard !sourceLine.unicodeScalars.contains(scalar) else { continue }
        found.append(
          .warning(
            "\(what) holds bidi control \(name) after decoding its escapes (character \(offset + 1)); it reorders the text around it on screen",
            at: position))
      }
    }
    return found
  }
}
