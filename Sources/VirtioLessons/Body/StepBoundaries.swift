/// Where a lesson body's `##` steps start, found from its raw lines alone (no markdown parse), for
/// ``LessonParser/preview(bytes:file:through:)``.
///
/// A line counts as a step heading when it starts with `## ` (or is `##`) at column 1 outside a fenced code block
/// and an HTML comment: such a line is always a top-level level-2 ATX heading in CommonMark (it cannot continue a
/// paragraph, a list item or a quote, and it ends the block before it). The scan gives up (nil) on what it does not
/// follow: an HTML block other than a comment, and a `---`/`===` line right under text (a setext heading). It may
/// still miss a heading (indented by 1–3 spaces, or setext after a blank line is a thematic break, not a heading);
/// the preview checks the step count its prefix parses to, and the whole parse after the first frame checks the
/// rest.
struct StepBoundaries {
  /// A `##` line.
  struct Heading: Equatable {
    /// The byte offset of the line's start in the file.
    var offset: Int
    /// The 1-based line number.
    var line: Int
    /// The heading's text as written (trimmed, without a closing `#` sequence): placeholder titles only.
    var title: String
  }

  /// The `##` lines in order.
  var headings: [Heading] = []
  /// Whether anything other than blank lines, comments and a first `#` heading comes before the first `##` line
  /// (the parser then makes an introductory step of it).
  var introductionHasContent = false

  private static let space = UInt8(ascii: " ")
  private static let hash = UInt8(ascii: "#")

  /// Scans `bytes` from `start` (a line start, on 1-based line `firstLine`) to the end.
  static func scan(_ bytes: [UInt8], from start: Int, firstLine: Int) -> StepBoundaries? {
    var result = StepBoundaries()
    var fence: (byte: UInt8, length: Int)?
    var inComment = false
    var previousIsText = false
    var sawTitle = false
    var lineStart = start
    var line = firstLine
    while lineStart < bytes.count {
      let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
      var end = newline
      while end > lineStart, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
      let text = bytes[lineStart..<end]
      defer {
        lineStart = newline + 1
        line += 1
      }
      if inComment {
        if contains(text, "-->") { inComment = false }
        previousIsText = false
        continue
      }
      let blank = text.allSatisfy { $0 == space || $0 == UInt8(ascii: "\t") }
      let indent = text.prefix(while: { $0 == space }).count
      let rest = text.dropFirst(indent)
      if let open = fence {
        if indent <= 3, rest.prefix(while: { $0 == open.byte }).count >= open.length,
          rest.drop(while: { $0 == open.byte }).allSatisfy({ $0 == space || $0 == UInt8(ascii: "\t") })
        {
          fence = nil
        }
        previousIsText = false
        continue
      }
      if blank {
        previousIsText = false
        continue
      }
      if indent == 0, text.starts(with: [hash, hash]) && (text.count == 2 || text[text.startIndex + 2] == space) {
        result.headings.append(Heading(offset: lineStart, line: line, title: title(text.dropFirst(2))))
        previousIsText = false
        continue
      }
      if indent <= 3 {
        if let byte = rest.first, byte == UInt8(ascii: "`") || byte == UInt8(ascii: "~") {
          let run = rest.prefix(while: { $0 == byte }).count
          if run >= 3 {
            fence = (byte, run)
            if result.headings.isEmpty { result.introductionHasContent = true }
            previousIsText = false
            continue
          }
        }
        if rest.starts(with: Array("<!--".utf8)) {
          inComment = !contains(rest.dropFirst(4), "-->")
          previousIsText = false
          continue
        }
        if rest.first == UInt8(ascii: "<") { return nil }
        if previousIsText, let byte = rest.first, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "=") {
          let underline = rest.drop(while: { $0 == byte }).allSatisfy { $0 == space || $0 == UInt8(ascii: "\t") }
          if underline { return nil }
        }
      }
      if result.headings.isEmpty {
        let isTitle = !sawTitle && indent <= 3 && rest.first == hash
          && (rest.count == 1 || rest[rest.startIndex + 1] == space)
        if !isTitle { result.introductionHasContent = true }
      }
      sawTitle = true
      previousIsText = true
    }
    return result
  }

  /// A heading's text: trimmed, without a closing sequence of `#`s.
  private static func title(_ bytes: ArraySlice<UInt8>) -> String {
    var text = bytes.drop(while: { $0 == space })
    while let last = text.last, last == space || last == UInt8(ascii: "\t") { text = text.dropLast() }
    let closing = text.reversed().prefix(while: { $0 == hash }).count
    if closing > 0 {
      let before = text.dropLast(closing)
      if before.isEmpty || before.last == space {
        text = before
        while let last = text.last, last == space { text = text.dropLast() }
      }
    }
    return String(decoding: text, as: UTF8.self)
  }

  private static func contains(_ bytes: ArraySlice<UInt8>, _ needle: StaticString) -> Bool {
    let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
    guard bytes.count >= pattern.count else { return false }
    var index = bytes.startIndex
    while index + pattern.count <= bytes.endIndex {
      if bytes[index..<index + pattern.count].elementsEqual(pattern) { return true }
      index += 1
    }
    return false
  }
}
