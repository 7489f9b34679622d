/// A lesson's clean text split into lines, with position helpers.
struct SourceText {
  /// The file name used in positions.
  let file: String
  /// Line `n` (1-based) is `lines[n - 1]`, without its `\n`.
  let lines: [Substring]

  init(text: String, file: String) {
    self.file = file
    self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
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
