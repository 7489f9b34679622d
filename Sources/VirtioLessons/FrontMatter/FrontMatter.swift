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

  /// Finds the front matter of `source`, whose first line is known to be a fence.
  ///
  /// - Returns: `nil` when no closing fence follows.
  static func locate(in source: SourceText) -> FrontMatter? {
    guard source.lines.count > 1 else { return nil }
    guard let close = source.lines.indices.dropFirst().first(where: { isFence(source.lines[$0]) }) else {
      return nil
    }
    let yaml = source.lines[1..<close].joined(separator: "\n")
    return FrontMatter(closingLine: close + 1, yaml: yaml)
  }
}
