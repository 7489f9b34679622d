import VirtioScript
import CCmarkGFM

/// Converts a cmark-gfm tree into ``BodyElement``s and ``MarkdownBlock``s.
///
/// Top-level comments, ```` ```virtio ```` and ```` ```exercise ```` blocks are
/// kept apart for the step builder; nested inside lists or quotes they are
/// errors. Raw HTML becomes plain text. Nesting deeper than ``maxDepth`` is
/// an error (it keeps the conversion's recursion bounded).
struct MarkdownConverter {
  /// The deepest nesting of blocks or inlines accepted.
  static let maxDepth = 32

  let source: SourceText
  /// cmark's line 1 is file line `lineOffset + 1`.
  let lineOffset: Int
  var diagnostics: [LessonDiagnostic] = []
  private var depth = 0
  private var reportedDepth = false

  init(source: SourceText, lineOffset: Int) {
    self.source = source
    self.lineOffset = lineOffset
  }

  /// Parses `body` and classifies its top-level blocks.
  static func convert(body: String, source: SourceText, lineOffset: Int) -> ([BodyElement], [LessonDiagnostic]) {
    var converter = MarkdownConverter(source: source, lineOffset: lineOffset)
    guard let document = CmarkDocument(body) else {
      return ([], [.error("out of memory while parsing markdown", at: source.position(line: lineOffset + 1))])
    }
    let elements = CmarkNode.children(document.root).compactMap { converter.topLevel($0) }
    return (elements, converter.diagnostics)
  }

  func position(_ node: OpaquePointer) -> SourcePosition {
    let line = lineOffset + max(CmarkNode.startLine(node), 1)
    let column = source.scalarColumn(line: line, byteColumn: CmarkNode.startColumn(node))
    return source.position(line: line, column: column)
  }

  // MARK: - Top level

  private mutating func topLevel(_ node: OpaquePointer) -> BodyElement? {
    let at = position(node)
    switch cmark_node_get_type(node) {
    case CMARK_NODE_HTML_BLOCK where isComment(CmarkNode.literal(node)):
      // cmark-gfm's end line for HTML blocks is unreliable; a top-level
      // block's literal is its source lines, so count those.
      let literal = CmarkNode.literal(node)
      let newlines = literal.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
      let last = at.line + max(0, newlines - (literal.hasSuffix("\n") ? 1 : 0))
      return .comment(lines: at.line...last, position: at)
    case CMARK_NODE_CODE_BLOCK:
      let words = CmarkNode.fenceInfo(node).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      let info = words.first ?? ""
      let text = trimmedCode(node)
      if info == "virtio" {
        let fenceLine = at.line
        var script = StepScript(source: text, position: source.position(line: fenceLine + 1, column: at.column))
        for word in words.dropFirst() {
          if word == "continues" {
            script.continues = true
          } else {
            diagnostics.append(.warning("unknown word '\(word.shown)' after 'virtio' is ignored (known: continues)", at: at))
          }
        }
        if text.isEmpty { diagnostics.append(.warning("empty virtio script", at: at)) }
        return .script(script)
      }
      if info == "exercise" {
        return .exercise(text: text, fence: at, firstLine: at.line + 1)
      }
      warnAboutLanguage(info, at: at)
      return block(node).map { .block($0, at) }
    default:
      return block(node).map { .block($0, at) }
    }
  }

  private mutating func warnAboutLanguage(_ info: String, at: SourcePosition) {
    guard !info.isEmpty, let near = Suggestion.closest(to: info, in: ["virtio", "exercise"]) else { return }
    diagnostics.append(
      .warning("code block language '\(info.shown)' is shown as code; did you mean '\(near)'?", at: at))
  }

  // MARK: - Blocks

  /// Converts a block; `nil` for nodes with nothing to show.
  mutating func block(_ node: OpaquePointer) -> MarkdownBlock? {
    guard enter(node) else { return nil }
    defer { leave() }
    switch cmark_node_get_type(node) {
    case CMARK_NODE_PARAGRAPH:
      return .paragraph(inlines(of: node))
    case CMARK_NODE_HEADING:
      return .heading(level: Int(cmark_node_get_heading_level(node)), inlines(of: node))
    case CMARK_NODE_CODE_BLOCK:
      return codeBlock(node)
    case CMARK_NODE_THEMATIC_BREAK:
      return .thematicBreak
    case CMARK_NODE_BLOCK_QUOTE:
      return .blockQuote(children(of: node))
    case CMARK_NODE_LIST:
      return list(node)
    case CMARK_NODE_HTML_BLOCK:
      return htmlBlock(node)
    default:
      if CmarkNode.typeString(node) == "table" { return table(node) }
      let text = CmarkNode.literal(node)
      return text.isEmpty ? nil : .paragraph([.text(text)])
    }
  }

  mutating func children(of node: OpaquePointer) -> [MarkdownBlock] {
    CmarkNode.children(node).compactMap { block($0) }
  }

  private mutating func codeBlock(_ node: OpaquePointer) -> MarkdownBlock {
    let info = CmarkNode.fenceInfo(node)
    let word = firstWord(info)
    if word == "virtio" || word == "exercise" {
      diagnostics.append(
        .error(
          "a '\(word)' block must be at the top level of a step, not inside a list or quote",
          at: position(node)))
    }
    return .codeBlock(info: info, text: trimmedCode(node))
  }

  private mutating func list(_ node: OpaquePointer) -> MarkdownBlock {
    let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
    let items = CmarkNode.children(node).map { item -> ListItem in
      let checked: Bool? =
        CmarkNode.typeString(item) == "tasklist" ? cmark_gfm_extensions_get_tasklist_item_checked(item) : nil
      return ListItem(checked: checked, blocks: children(of: item))
    }
    return .list(
      ordered: ordered, start: ordered ? Int(cmark_node_get_list_start(node)) : 1,
      tight: cmark_node_get_list_tight(node) != 0, items: items)
  }

  private mutating func htmlBlock(_ node: OpaquePointer) -> MarkdownBlock? {
    let text = CmarkNode.literal(node)
    if text.contains("<!--") {
      let message =
        isComment(text)
        ? "a comment directive must be at the top level of a step, not inside a list or quote"
        : "a comment inside raw HTML would be shown as text; put '<!-- … -->' on its own lines"
      diagnostics.append(.error(message, at: position(node)))
      return nil
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    while lines.last?.isEmpty == true { lines.removeLast() }
    guard !lines.isEmpty else { return nil }
    var inlines: [MarkdownInline] = []
    for (index, line) in lines.enumerated() {
      if index > 0 { inlines.append(.lineBreak) }
      inlines.append(.text(String(line)))
    }
    return .paragraph(inlines)
  }

  private mutating func table(_ node: OpaquePointer) -> MarkdownBlock {
    let columns = Int(cmark_gfm_extensions_get_table_columns(node))
    var alignments: [TableAlignment] = []
    if let raw = cmark_gfm_extensions_get_table_alignments(node) {
      for index in 0..<columns {
        switch raw[index] {
        case UInt8(ascii: "l"): alignments.append(.left)
        case UInt8(ascii: "c"): alignments.append(.center)
        case UInt8(ascii: "r"): alignments.append(.right)
        default: alignments.append(.none)
        }
      }
    } else {
      alignments = Array(repeating: .none, count: columns)
    }
    var header: [[MarkdownInline]] = []
    var rows: [[[MarkdownInline]]] = []
    for row in CmarkNode.children(node) {
      var cells = CmarkNode.children(row).map { inlines(of: $0) }
      if cells.count < columns { cells += Array(repeating: [], count: columns - cells.count) }
      if cells.count > columns { cells.removeLast(cells.count - columns) }
      if cmark_gfm_extensions_get_table_row_is_header(row) != 0 { header = cells } else { rows.append(cells) }
    }
    return .table(header: header, alignments: alignments, rows: rows)
  }

  // MARK: - Helpers

  /// Counts one more level of nesting; false (and one error) past ``maxDepth``.
  mutating func enter(_ node: OpaquePointer) -> Bool {
    guard depth < Self.maxDepth else {
      if !reportedDepth {
        reportedDepth = true
        diagnostics.append(
          .error("markdown nested more than \(Self.maxDepth) levels deep", at: position(node)))
      }
      return false
    }
    depth += 1
    return true
  }

  /// Ends a level entered with ``enter(_:)``.
  mutating func leave() { depth -= 1 }

  func isComment(_ html: String) -> Bool {
    html.drop(while: { $0 == " " }).hasPrefix("<!--")
  }

  private func firstWord(_ info: String) -> String {
    String(info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
  }

  private func trimmedCode(_ node: OpaquePointer) -> String {
    var text = CmarkNode.literal(node)
    if text.hasSuffix("\n") { text.removeLast() }
    return text
  }
}
