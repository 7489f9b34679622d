import TermGrid
import VirtioLessons

/// Lesson markdown as plain prose for a screen reader or a pipe: no box drawing, no bars, no cursor movement;
/// headings and paragraphs as lines, lists as `- item` / `1. item`, code indented four spaces after "Code:", a table
/// read row by row ("Row 1: field: desc[0].addr; size: 8."), links as "text (url)". Paragraphs are wrapped at
/// `width` when one is given (the plain fallback), kept whole when not (a screen reader reads a line at a time).
public struct PlainProse: Sendable {
  /// The wrap width, or nil for one line per paragraph.
  public var width: Int?
  /// Whether the output may hold UTF-8 (else ``PlainGlyphs/ascii(_:)`` turns `→` into `->`).
  public var unicode: Bool

  public init(width: Int?, unicode: Bool) {
    self.width = width
    self.unicode = unicode
  }

  /// The lines of `blocks`, one blank line between blocks.
  public func lines(_ blocks: [MarkdownBlock]) -> [String] {
    var out: [String] = []
    for block in blocks {
      let lines = self.lines(block, indent: "")
      guard !lines.isEmpty else { continue }
      if !out.isEmpty { out.append("") }
      out += lines
    }
    return out
  }

  /// `text` as the output can show it: sanitized, and in ASCII when the output is not UTF-8.
  public func shown(_ text: String) -> String {
    unicode ? TextSanitizer.sanitizedString(text) : PlainGlyphs.ascii(text)
  }

  /// `text` wrapped at the width (less the indent), each line after `indent` (`first` on the first line).
  public func wrapped(_ text: String, indent: String, first: String? = nil) -> [String] {
    let text = shown(text)
    let lead = first ?? indent
    guard let width else { return [lead + text] }
    let room = max(20, width - lead.count)
    return TextWrap.wrap(text, width: room).enumerated().map { ($0.offset == 0 ? lead : indent) + $0.element }
  }

  func lines(_ block: MarkdownBlock, indent: String) -> [String] {
    switch block {
    case .heading(_, let inlines), .paragraph(let inlines):
      return inline(inlines).split(separator: "\n", omittingEmptySubsequences: false).flatMap {
        wrapped(String($0), indent: indent)
      }
    case .codeBlock(_, let text):
      return [indent + "Code:"] + text.split(separator: "\n", omittingEmptySubsequences: false).map {
        indent + "    " + shown(String($0))
      }
    case .list(let ordered, let start, _, let items):
      return items.enumerated().flatMap { n, item in
        let box = item.checked.map { $0 ? "[done] " : "[to do] " } ?? ""
        let marker = (ordered ? "\(start + n). " : "- ") + box
        return listItem(item.blocks, indent: indent, marker: marker)
      }
    case .blockQuote(let blocks):
      return [indent + "Quote:"] + blocks.flatMap { lines($0, indent: indent + "  ") } + [indent + "End of quote."]
    case .table(let header, _, let rows):
      let names = header.map(inline)
      var out = wrapped("Table of \(rows.count) row\(rows.count == 1 ? "" : "s"), columns: \(names.joined(separator: ", ")).", indent: indent)
      for (n, row) in rows.enumerated() {
        let cells = zip(names, row).map { name, cell in "\(name): \(inline(cell))" }
        out += wrapped("Row \(n + 1): " + cells.joined(separator: "; ") + ".", indent: indent + "  ", first: indent)
      }
      return out
    case .thematicBreak:
      return []
    }
  }

  func listItem(_ blocks: [MarkdownBlock], indent: String, marker: String) -> [String] {
    let hanging = indent + String(repeating: " ", count: marker.count)
    var out: [String] = []
    for (i, block) in blocks.enumerated() {
      if i == 0, case .paragraph(let inlines) = block {
        out += wrapped(inline(inlines), indent: hanging, first: indent + marker)
      } else {
        if i == 0 { out.append(indent + marker.trimmingSuffixSpaces()) }
        out += self.lines(block, indent: hanging)
      }
    }
    return out.isEmpty ? [indent + marker] : out
  }

  /// The inlines' text: markup dropped, links followed by their address in brackets, images by their alt text.
  func inline(_ inlines: [MarkdownInline]) -> String {
    inlines.map { piece in
      switch piece {
      case .link(let url, let children):
        let text = inline(children)
        return text == url || "mailto:" + text == url ? text : "\(text) (\(url))"
      case .image(_, let alt): return "image: \(alt)"
      case .emphasis(let c), .strong(let c), .strikethrough(let c): return inline(c)
      default: return piece.plainText
      }
    }.joined()
  }
}

extension String {
  func trimmingSuffixSpaces() -> String {
    var s = Substring(self)
    while s.last == " " { s.removeLast() }
    return String(s)
  }
}

/// Plain-text stand-ins for the glyphs the lessons use when the output is not UTF-8: arrows keep their meaning
/// (`→` becomes `->`, not `>`: "who -> whom"), the rest go through ``TextSanitizer/asciiString(_:tabWidth:)``.
public enum PlainGlyphs {
  static let words: [(String, String)] = [
    ("⇒", "=>"), ("⇐", "<="), ("↔", "<->"), ("→", "->"), ("←", "<-"), ("≤", "<="), ("≥", ">="), ("≠", "!="),
    ("…", "..."), ("—", "--"), ("✓", "ok"), ("✗", "x"),
  ]

  /// `text` in printable ASCII.
  public static func ascii(_ text: String) -> String {
    var t = text
    for (glyph, spelled) in words where t.contains(glyph) { t = t.replacing(glyph, with: spelled) }
    return TextSanitizer.asciiString(t)
  }
}
