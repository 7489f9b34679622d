import TermGrid
import VirtioLessons

extension MarkdownPass {
  /// Running text as styled spans (not yet sanitized or wrapped; a hard break is `"\n"`).
  mutating func inlines(_ items: [MarkdownInline], base: Style) -> [StyledSpan] {
    var out: [StyledSpan] = []
    for item in items {
      switch item {
      case .text(let text):
        out.append(StyledSpan(text, style: base))
      case .emphasis(let children):
        out += inlines(children, base: role(.emphasis, over: base))
      case .strong(let children):
        out += inlines(children, base: role(.strong, over: base))
      case .strikethrough(let children):
        let style = role(.strikethrough, over: base)
        out.append(StyledSpan("~", style: style))
        out += inlines(children, base: style)
        out.append(StyledSpan("~", style: style))
      case .code(let text):
        out.append(StyledSpan(text, style: role(.code, over: base)))
      case .link(let url, let children):
        out += link(url: url, children, base: base)
      case .image(_, let alt):
        let text = alt.isEmpty ? "[image]" : "[image: \(alt)]"
        out.append(StyledSpan(text, style: role(.dim, over: base)))
      case .softBreak:
        out.append(StyledSpan(" ", style: base))
      case .lineBreak:
        out.append(StyledSpan("\n", style: base))
      }
    }
    return out
  }

  /// A link's text and, unless the text already is the target, a reference `[n]` to the list at the end.
  mutating func link(url: String, _ children: [MarkdownInline], base: Style) -> [StyledSpan] {
    let style = role(.link, over: base)
    let text = children.plainText
    if text.allSatisfy({ $0 == " " }) {
      return [StyledSpan(url, style: style)]
    }
    var out = inlines(children, base: style)
    if !Self.textShowsTarget(text, url: url) {
      out.append(StyledSpan("[\(reference(url))]", style: role(.linkTarget, over: base)))
    }
    return out
  }

  /// The 1-based number of `url` in the reference list (one number per distinct URL).
  mutating func reference(_ url: String) -> Int {
    if let index = links.firstIndex(of: url) { return index + 1 }
    links.append(url)
    return links.count
  }

  /// Whether a link's text already shows its target (autolinks: `https://…`, `www.…`, e-mail addresses).
  static func textShowsTarget(_ text: String, url: String) -> Bool {
    text == url || "http://" + text == url || "https://" + text == url || "mailto:" + text == url
  }
}
