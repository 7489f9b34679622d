/// One item of a list: its blocks and, for a GFM task list item, its check box.
public struct ListItem: Equatable, Hashable, Sendable {
  /// `true` for `- [x]`, `false` for `- [ ]`, `nil` for an ordinary item.
  public var checked: Bool?
  /// The item's content.
  public var blocks: [MarkdownBlock]

  /// Creates a list item.
  public init(checked: Bool? = nil, blocks: [MarkdownBlock]) {
    self.checked = checked
    self.blocks = blocks
  }
}
