/// What one lesson file may contain, checked in one linear pass before YAML and cmark-gfm see the text: a lesson
/// is a few KiB, and these caps keep every stage (cmark-gfm 0.29's tables are superlinear: 82,000 cells took 5 s)
/// within a fraction of a second even for a hostile file. ``LessonParser/maxFileSize`` caps the bytes.
enum LessonLimits {
  /// The longest line, in characters (Unicode scalars).
  static let maxLineLength = 10_000
  /// The most `|` characters (GFM table cell separators) in a lesson.
  static let maxTableSeparators = 10_000

  /// The first limit `source` exceeds, as an error at the exact position where it is exceeded.
  static func check(_ source: SourceText) -> LessonDiagnostic? {
    var pipes = 0
    for (index, line) in source.lines.enumerated() {
      // A line of no more bytes than the limit has no more scalars either: only its `|` bytes count, and the
      // scalar walk below runs only for a line that may be too long or that crosses the `|` limit.
      let utf8 = line.utf8
      if utf8.count <= maxLineLength, let bars = utf8.withContiguousStorageIfAvailable(Self.bars), pipes + bars <= maxTableSeparators {
        pipes += bars
        continue
      }
      var column = 0
      for scalar in line.unicodeScalars {
        column += 1
        if column > maxLineLength {
          return .error(
            "line is longer than \(maxLineLength) characters; a lesson line may be at most \(maxLineLength) (break the paragraph)",
            at: source.position(line: index + 1, column: column))
        }
        if scalar == "|" {
          pipes += 1
          if pipes > maxTableSeparators {
            return .error(
              "more than \(maxTableSeparators) '|' table cell separators; a lesson may hold at most \(maxTableSeparators) (split the table)",
              at: source.position(line: index + 1, column: column))
          }
        }
      }
    }
    return nil
  }

  /// The `|` bytes of a line.
  private static func bars(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var count = 0
    for byte in bytes where byte == UInt8(ascii: "|") { count += 1 }
    return count
  }
}
