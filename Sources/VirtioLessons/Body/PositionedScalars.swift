/// A run of source text as Unicode scalars, each with its file position.
struct PositionedScalars {
  /// The scalars; lines are separated by `\n`.
  private(set) var scalars: [Unicode.Scalar] = []
  private var lines: [Int] = []
  private var columns: [Int] = []
  let file: String

  /// Lines `range` of `source`, starting at column `fromColumn` of the first.
  init(source: SourceText, lines range: ClosedRange<Int>, fromColumn: Int = 1) {
    file = source.file
    var previousLineLength = 0  // in scalars: the line feed after a line is at its length + 1
    for line in range {
      if line != range.lowerBound {
        append("\n", line: line - 1, column: previousLineLength + 1)
      }
      let start = line == range.lowerBound ? fromColumn : 1
      var column = 0
      for scalar in source.line(line).unicodeScalars {
        column += 1
        if column >= start { append(scalar, line: line, column: column) }
      }
      previousLineLength = column
    }
  }

  /// Text `text` whose first scalar is at `line`, `column`; later lines start at `column` too.
  init(text: String, file: String, line: Int, column: Int) {
    self.file = file
    var (l, c) = (line, column)
    for scalar in text.unicodeScalars {
      append(scalar, line: l, column: c)
      if scalar == "\n" { (l, c) = (l + 1, column) } else { c += 1 }
    }
  }

  private mutating func append(_ scalar: Unicode.Scalar, line: Int, column: Int) {
    scalars.append(scalar)
    lines.append(line)
    columns.append(column)
  }

  var count: Int { scalars.count }

  /// The position of scalar `index` (or just after the last one).
  func position(_ index: Int) -> SourcePosition {
    guard !scalars.isEmpty else { return SourcePosition(file: file, line: 1, column: 1) }
    if index < scalars.count { return SourcePosition(file: file, line: lines[index], column: columns[index]) }
    return SourcePosition(file: file, line: lines[scalars.count - 1], column: columns[scalars.count - 1] + 1)
  }

  /// The text of `range`, encoded to UTF-8 by hand (`UnicodeScalarView.append(contentsOf:)` costs about 50 k
  /// instructions per call, the largest part of a directive's parse).
  func text(_ range: Range<Int>) -> String {
    let clamped = range.clamped(to: 0..<scalars.count)
    var utf8: [UInt8] = []
    utf8.reserveCapacity(clamped.count)
    for scalar in scalars[clamped] {
      let v = scalar.value
      switch v {
      case ..<0x80:
        utf8.append(UInt8(v))
      case ..<0x800:
        utf8 += [UInt8(0xC0 | v >> 6), UInt8(0x80 | v & 0x3F)]
      case ..<0x1_0000:
        utf8 += [UInt8(0xE0 | v >> 12), UInt8(0x80 | v >> 6 & 0x3F), UInt8(0x80 | v & 0x3F)]
      default:
        utf8 += [UInt8(0xF0 | v >> 18), UInt8(0x80 | v >> 12 & 0x3F), UInt8(0x80 | v >> 6 & 0x3F), UInt8(0x80 | v & 0x3F)]
      }
    }
    return String(decoding: utf8, as: UTF8.self)
  }

  /// The first index ≥ `from` where `needle` starts.
  func find(_ needle: String, from: Int) -> Int? {
    let pattern = Array(needle.unicodeScalars)
    guard from >= 0, pattern.count <= scalars.count else { return nil }
    var index = from
    while index + pattern.count <= scalars.count {
      if pattern.first.map({ scalars[index] == $0 }) ?? true,
        scalars[index..<(index + pattern.count)].elementsEqual(pattern)
      {
        return index
      }
      index += 1
    }
    return nil
  }

  /// The first index in `range` that is not a blank (space, tab, newline), or `range.upperBound`.
  func skipBlanks(_ range: Range<Int>) -> Int {
    range.first(where: { !Self.isBlank(scalars[$0]) }) ?? range.upperBound
  }

  static func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" || scalar == "\n" }
}
