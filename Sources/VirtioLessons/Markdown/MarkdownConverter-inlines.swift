import CCmarkGFM

extension MarkdownConverter {
  /// Converts the inline children of `node`, merging adjacent text.
  mutating func inlines(of node: OpaquePointer) -> [MarkdownInline] {
    var result: [MarkdownInline] = []
    for child in CmarkNode.children(node) {
      guard let inline = inline(child, parent: node) else { continue }
      if case .text(let next) = inline, case .text(let previous)? = result.last {
        result[result.count - 1] = .text(previous + next)
      } else {
        result.append(inline)
      }
    }
    return result
  }

  private mutating func inline(_ node: OpaquePointer, parent: OpaquePointer) -> MarkdownInline? {
    guard enter(node) else { return nil }
    defer { leave() }
    switch cmark_node_get_type(node) {
    case CMARK_NODE_TEXT:
      return .text(checked(CmarkNode.literal(node), node, parent: parent))
    case CMARK_NODE_SOFTBREAK:
      return .softBreak
    case CMARK_NODE_LINEBREAK:
      return .lineBreak
    case CMARK_NODE_CODE:
      return .code(checked(CmarkNode.literal(node), node, parent: parent))
    case CMARK_NODE_EMPH:
      return .emphasis(inlines(of: node))
    case CMARK_NODE_STRONG:
      return .strong(inlines(of: node))
    case CMARK_NODE_LINK:
      return .link(url: CmarkNode.url(node), inlines(of: node))
    case CMARK_NODE_IMAGE:
      return .image(url: CmarkNode.url(node), alt: inlines(of: node).plainText)
    case CMARK_NODE_HTML_INLINE:
      return inlineHTML(node, parent: parent)
    default:
      if CmarkNode.typeString(node) == "strikethrough" { return .strikethrough(inlines(of: node)) }
      let text = CmarkNode.literal(node)
      return text.isEmpty ? .text(inlines(of: node).plainText) : .text(text)
    }
  }

  /// `text` after cmark decoded its entities, checked for what would drive or reorder the terminal.
  private mutating func checked(_ text: String, _ node: OpaquePointer, parent: OpaquePointer) -> String {
    let at = CmarkNode.startLine(node) > 0 ? position(node) : position(parent)
    diagnostics += DecodedText.check(text, what: "the text", at: at, sourceLine: source.line(at.line))
    return text
  }

  /// Raw inline HTML is kept as text; an inline comment is an error because a
  /// directive must stand alone and a plain comment would leak as text.
  private mutating func inlineHTML(_ node: OpaquePointer, parent: OpaquePointer) -> MarkdownInline? {
    let text = CmarkNode.literal(node)
    guard text.hasPrefix("<!--") else { return .text(text) }
    let at = CmarkNode.startLine(node) > 0 ? position(node) : position(parent)
    diagnostics.append(
      .error("a comment inside text is not allowed; put '<!-- … -->' on its own lines", at: at))
    return nil
  }
}
