/// A lesson's clean text split into lines, with position helpers.
struct SourceText {
  /// The file name used in positions.
  let file: String
  /// Line `n` (1-based) is `lines[n - 1]`, without its `\n`.
  let lines: [Substring]

  init(text: String, file: String) {
    self.file = file
    self.lines = Self.lines(of: text)
  }

  /// `text` split at every `\n`, over its UTF-8 bytes (a `Character` split walks grapheme clusters: the largest
  /// cost of parsing a lesson). For clean text (no CR, see ``TextScanner``) the lines are the same: a line feed
  /// is a cluster of its own.
  static func lines(of text: String) -> [Substring] {
    var lines: [Substring] = []
    let utf8 = text.utf8
    var start = utf8.startIndex
    var index = start
    while index != utf8.endIndex {
      if utf8[index] == UInt8(ascii: "\n") {
        lines.append(text[start..<index])
        start = utf8.index(after: index)
      }
      index = utf8.index(after: index)
    }
    lines.append(text[start..<utf8.endIndex])
    return lines
  }

  /// The position at `line`, `column` (1-based; column in Unicode scalars).
  func position(line: Int, column: Int = 1) -> SourcePosition {
    SourcePosition(file: file, line: line, column: column)
  }

  /// The text of 1-based `line`, or `""` past the end.
  func line(_ number: Int) -> Substring {
    lines.indices.contains(number - 1) ? lines[number - 1] : ""
  }

  /// Converts a 1-based UTF-8 byte column on `line` (what cmark reports) to a
  /// 1-based scalar column.
  func scalarColumn(line number: Int, byteColumn: Int) -> Int {
    guard byteColumn > 1 else { return 1 }
    let bytes = line(number).utf8.prefix(byteColumn - 1)
    return 1 + bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
  }

  /// The scalar column (1-based) of the first non-blank character of `line`.
  func indentColumn(line number: Int) -> Int {
    1 + line(number).unicodeScalars.prefix(while: { $0 == " " || $0 == "\t" }).count
  }
}
