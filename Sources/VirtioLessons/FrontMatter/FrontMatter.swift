/// Where a lesson's front matter is: the `---` lines around it.
struct FrontMatter {
  /// The line of the closing `---`; the body starts on the next line.
  let closingLine: Int
  /// The YAML between the fences (lines 2 ..< closingLine), joined with `\n`.
  let yaml: String

  /// Whether `line` is a `---` fence (trailing blanks allowed).
  static func isFence(_ line: Substring) -> Bool {
    var trimmed = line
    while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
    return trimmed == "---"
  }

  /// The length of the file's head in raw bytes: everything up to and including the closing fence's line, when
  /// the first line (after a BOM) is a fence and a later line is one too (`---`, then blanks or a CR). `nil`
  /// otherwise: the whole file is then read as it is by ``LessonParser`` (which reports what is wrong). A prefix
  /// that the clean text does not end with a fence is harmless: the front matter is then located in the prefix
  /// or reported as never closed only if the whole file's is.
  static func headLength(of bytes: [UInt8]) -> Int? {
    var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var first = true
    while start < bytes.count {
      let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
      if isFence(bytes[start..<end]) {
        if !first { return min(end + 1, bytes.count) }
      } else if first {
        return nil
      }
      first = false
      start = end + 1
    }
    return nil
  }

  /// Whether raw bytes are a fence line: `---`, then spaces, tabs or a CR.
  private static func isFence(_ line: ArraySlice<UInt8>) -> Bool {
    guard line.starts(with: [0x2D, 0x2D, 0x2D]) else { return false }
    return line.dropFirst(3).allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
  }

  /// Finds the front matter of `source`, whose first line is known to be a fence.
  ///
  /// - Returns: `nil` when no closing fence follows.
  static func locate(in source: SourceText) -> FrontMatter? {
    guard source.lines.count > 1 else { return nil }
    guard let close = source.lines.indices.dropFirst().first(where: { isFence(source.lines[$0]) }) else {
      return nil
    }
    let yaml = source.lines[1..<close].joinedText(separator: "\n")
    return FrontMatter(closingLine: close + 1, yaml: yaml)
  }
}
