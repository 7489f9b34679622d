/// One top-level piece of a lesson body, classified for the step builder.
enum BodyElement {
  /// Prose (including headings of any level), with its position.
  case block(MarkdownBlock, SourcePosition)
  /// A ```` ```virtio ```` script.
  case script(StepScript)
  /// A ```` ```exercise ```` block: its text, fence position, and first content line.
  case exercise(text: String, fence: SourcePosition, firstLine: Int)
  /// A `<!-- … -->` block spanning `lines`, starting at `position`.
  case comment(lines: ClosedRange<Int>, position: SourcePosition)
}
