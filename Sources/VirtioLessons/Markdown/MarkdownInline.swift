/// A piece of running text inside a paragraph, heading, list item or table cell.
///
/// The project's own model of CommonMark + GFM inlines; nothing above the
/// parser sees cmark. Raw inline HTML arrives as ``text(_:)``, never as markup.
public indirect enum MarkdownInline: Equatable, Hashable, Sendable {
  /// Plain text (adjacent text is merged).
  case text(String)
  /// `*emphasis*` (usually italic).
  case emphasis([MarkdownInline])
  /// `**strong**` (usually bold).
  case strong([MarkdownInline])
  /// `~~strikethrough~~` (GFM).
  case strikethrough([MarkdownInline])
  /// `` `code` ``.
  case code(String)
  /// A link (also GFM autolinks such as `https://…` and `www.…`).
  case link(url: String, [MarkdownInline])
  /// An image; a terminal shows its alt text.
  case image(url: String, alt: String)
  /// A line break inside a paragraph that renders as a space.
  case softBreak
  /// A hard line break (two trailing spaces or a backslash).
  case lineBreak

  /// The text with all markup removed (links keep their text, images their alt
  /// text, soft breaks become spaces, hard breaks `\n`).
  public var plainText: String {
    switch self {
    case .text(let s), .code(let s): return s
    case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, let c): return c.plainText
    case .image(_, let alt): return alt
    case .softBreak: return " "
    case .lineBreak: return "\n"
    }
  }
}

extension Array where Element == MarkdownInline {
  /// The concatenated ``MarkdownInline/plainText`` of the inlines.
  public var plainText: String { map(\.plainText).joinedText() }
}
