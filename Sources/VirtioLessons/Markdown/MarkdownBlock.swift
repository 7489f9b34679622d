/// A block of lesson prose: the project's own model of CommonMark + GFM blocks.
///
/// Built from cmark-gfm's tree by the parser so that nothing above
/// `VirtioLessons` sees cmark. Scripts, exercises and comment directives never
/// appear here; raw HTML blocks arrive as a paragraph of their literal text.
public indirect enum MarkdownBlock: Equatable, Hashable, Sendable {
  /// `#`…`######` heading (level 1–6). Level-2 headings at the top level start
  /// steps and so only appear here inside containers.
  case heading(level: Int, [MarkdownInline])
  /// A paragraph.
  case paragraph([MarkdownInline])
  /// A fenced or indented code block; `info` is the fence's info string
  /// (empty if none), `text` has no trailing newline.
  case codeBlock(info: String, text: String)
  /// A bullet (`ordered == false`) or numbered list; `start` is the first
  /// number (1 for bullet lists); `tight` lists have no blank lines between items.
  case list(ordered: Bool, start: Int, tight: Bool, items: [ListItem])
  /// `> quoted` blocks.
  case blockQuote([MarkdownBlock])
  /// A GFM table: header cells, one alignment per column, body rows. Every row
  /// has exactly as many cells as the header.
  case table(header: [[MarkdownInline]], alignments: [TableAlignment], rows: [[[MarkdownInline]]])
  /// `---`, `***` or `___` on its own line (after a blank line).
  case thematicBreak
}
