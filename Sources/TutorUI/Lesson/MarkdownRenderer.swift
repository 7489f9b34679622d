import TermGrid
import VirtioLessons

/// Renders lesson markdown (``MarkdownBlock``s) into styled lines for a pane of a given width.
///
/// What each block becomes (unicode / ASCII):
/// - headings in the theme's heading roles; a level-1 heading is underlined with a rule `═══` / `===`;
/// - emphasis, strong, inline code in their roles (code keeps its text, no backticks); strikethrough in its role
///   between `~` marks, because a terminal cell cannot strike text through;
/// - code blocks behind a bar `│ ` / `| ` in the `codeBlock` role, never wrapped: a line too long is cut
///   with `…` / `~` (and reported in ``MarkdownRendering/truncations``);
/// - bullet lists `•` `◦` `▪` by depth (`-` `*` `+`), ordered lists `1.` with numbers right-aligned, task
///   items `[✓]` / `[x]` and `[ ]`, all with a hanging indent;
/// - block quotes behind `▌ ` / `> ` in the `quote` role;
/// - tables with columns fitted to the width (short columns keep their width, long ones share the rest), a bold
///   header, a `─┼─` rule under it, cells cut with `…` when they do not fit, alignment respected;
/// - links as their text followed by a reference `[1]`; the targets are listed at the end as `[1] url` (a link
///   whose text is its URL is shown once, in place);
/// - images as `[image: alt]`, thematic breaks as a dim rule across the width;
/// - one blank line between blocks (none between the items of a tight list).
///
/// Pure and deterministic. Every line is at most `width` cells; widths of 0 or less give no lines, widths above
/// ``maxWidth`` render as ``maxWidth``. All text is sanitized: control characters never reach a cell.
public struct MarkdownRenderer: Sendable {
  /// The widest width rendered (wider requests render at this width).
  public static let maxWidth = 1 << 16

  public var theme: Theme
  public var capabilities: TerminalCapabilities

  public init(theme: Theme = .terminal, capabilities: TerminalCapabilities = .full) {
    self.theme = theme
    self.capabilities = capabilities
  }

  /// The lines of `blocks` at `width`.
  public func render(_ blocks: [MarkdownBlock], width: Int) -> [[StyledSpan]] {
    rendering(blocks, width: width).lines
  }

  /// The lines of `blocks` at `width`, with what had to be cut to fit.
  public func rendering(_ blocks: [MarkdownBlock], width: Int) -> MarkdownRendering {
    let w = min(width, Self.maxWidth)
    guard w > 0 else { return MarkdownRendering(lines: [], truncations: []) }
    var pass = MarkdownPass(theme: theme, unicode: capabilities.unicode)
    var lines = pass.blocks(blocks, width: w, base: theme.style(.text), separated: true)
    lines += pass.linkReferences(width: w, base: theme.style(.text))
    lines = lines.map { line in
      let fitted = LessonSpans.prefix(line, w)
      return LessonSpans.merged(capabilities.unicode ? fitted : LessonSpans.ascii(fitted))
    }
    return MarkdownRendering(lines: lines, truncations: pass.truncations)
  }
}

/// The result of ``MarkdownRenderer/rendering(_:width:)``.
public struct MarkdownRendering: Equatable, Sendable {
  /// Something too wide for the pane that the renderer cut short.
  public struct Truncation: Equatable, Sendable {
    public enum Kind: String, Equatable, Sendable {
      /// A code block line (cut with `…`).
      case codeLine = "code line"
      /// A table (some cells cut with `…`).
      case table
    }
    public var kind: Kind
    /// Columns it would need to show in full.
    public var needed: Int
    /// Columns it had.
    public var available: Int
  }

  /// The rendered lines, each at most the width.
  public var lines: [[StyledSpan]]
  /// Code lines and tables that were cut, in order.
  public var truncations: [Truncation]
}

/// One rendering: the link references and truncations collected on the way.
struct MarkdownPass {
  typealias Line = LessonSpans.Line

  let theme: Theme
  let unicode: Bool
  var links: [String] = []
  var truncations: [MarkdownRendering.Truncation] = []
  var listDepth = 0

  init(theme: Theme, unicode: Bool) {
    self.theme = theme
    self.unicode = unicode
  }

  func role(_ role: ThemeRole, over base: Style) -> Style {
    LessonSpans.merge(base, theme.style(role))
  }

  func symbol(_ unicode: String, _ ascii: String) -> String { self.unicode ? unicode : ascii }

  var ellipsis: String { symbol("…", "~") }

  // MARK: Blocks

  /// `blocks` one after the other, with a blank line between them when `separated`.
  mutating func blocks(_ blocks: [MarkdownBlock], width: Int, base: Style, separated: Bool) -> [Line] {
    var out: [Line] = []
    for (index, block) in blocks.enumerated() {
      if separated && index > 0 { out.append([]) }
      out += self.block(block, width: width, base: base)
    }
    return out
  }

  mutating func block(_ block: MarkdownBlock, width: Int, base: Style) -> [Line] {
    switch block {
    case .heading(let level, let content):
      return heading(level: level, content, width: width, base: base)
    case .paragraph(let content):
      return LessonSpans.wrap(inlines(content, base: base), width: width)
    case .codeBlock(_, let text):
      return codeBlock(text, width: width, base: base)
    case .list(let ordered, let start, let tight, let items):
      return list(ordered: ordered, start: start, tight: tight, items: items, width: width, base: base)
    case .blockQuote(let children):
      let bar = [StyledSpan(symbol("▌ ", "> "), style: role(.quote, over: base))]
      let inner = blocks(children, width: max(1, width - 2), base: role(.quote, over: base), separated: true)
      return inner.isEmpty ? [bar] : inner.map { bar + $0 }
    case .table(let header, let alignments, let rows):
      return table(header: header, alignments: alignments, rows: rows, width: width, base: base)
    case .thematicBreak:
      return [[StyledSpan(String(repeating: symbol("─", "-"), count: width), style: role(.dim, over: base))]]
    }
  }

  mutating func heading(level: Int, _ content: [MarkdownInline], width: Int, base: Style) -> [Line] {
    let headingRole: ThemeRole = level <= 1 ? .heading1 : level == 2 ? .heading2 : .heading3
    let style = role(headingRole, over: base)
    let lines = LessonSpans.wrap(inlines(content, base: style), width: width)
    guard level <= 1, !lines.isEmpty else { return lines }
    var ruleStyle = style
    ruleStyle.underline = false
    let length = max(1, lines.map(LessonSpans.width).max() ?? 1)
    return lines + [[StyledSpan(String(repeating: symbol("═", "="), count: length), style: ruleStyle)]]
  }

  mutating func codeBlock(_ text: String, width: Int, base: Style) -> [Line] {
    let bar = StyledSpan(symbol("│ ", "| "), style: role(.dim, over: base))
    let style = role(.codeBlock, over: base)
    let available = max(0, width - 2)
    var widest = 0
    let lines: [Line] = text.split(separator: "\n", omittingEmptySubsequences: false).map { raw in
      let code = [LessonSpans.span(String(raw), style)]
      widest = max(widest, LessonSpans.width(code))
      return [bar] + LessonSpans.truncate(code, to: available, ellipsis: ellipsis).0
    }
    if widest > available {
      truncations.append(.init(kind: .codeLine, needed: widest + 2, available: width))
    }
    return lines
  }

  mutating func list(
    ordered: Bool, start: Int, tight: Bool, items: [ListItem], width: Int, base: Style
  ) -> [Line] {
    let markerStyle = role(.listMarker, over: base)
    let bullets = unicode ? ["•", "◦", "▪"] : ["-", "*", "+"]
    let bullet = bullets[listDepth % bullets.count]
    // Numbers align on their right edge; a check box follows the number or replaces the bullet. Each item's
    // text hangs one column after its own marker.
    let numbers = items.indices.map { "\(start.addingReportingOverflow($0).partialValue)." }
    let numberWidth = numbers.map(\.count).max() ?? 0
    let markers: [Line] = items.enumerated().map { index, item in
      var marker: Line = []
      if ordered {
        marker.append(StyledSpan(String(repeating: " ", count: numberWidth - numbers[index].count), style: base))
        marker.append(StyledSpan(numbers[index], style: markerStyle))
      } else if item.checked == nil {
        marker.append(StyledSpan(bullet, style: markerStyle))
      }
      if let checked = item.checked {
        if !marker.isEmpty { marker.append(StyledSpan(" ", style: base)) }
        marker.append(
          checked
            ? StyledSpan(symbol("[✓]", "[x]"), style: role(.success, over: base))
            : StyledSpan("[ ]", style: markerStyle))
      }
      return marker
    }
    listDepth += 1
    defer { listDepth -= 1 }
    var out: [Line] = []
    for (index, item) in items.enumerated() {
      if !tight && index > 0 { out.append([]) }
      let indent = LessonSpans.width(markers[index]) + 1
      let content = blocks(item.blocks, width: max(1, width - indent), base: base, separated: !tight)
      let first = LessonSpans.pad(markers[index], to: indent, style: base)
      out += LessonSpans.prefixed(content, first: first, rest: LessonSpans.blank(indent))
    }
    return out
  }

  /// `[1] url` lines for the links seen, after a blank line; none when there were no links.
  mutating func linkReferences(width: Int, base: Style) -> [Line] {
    guard !links.isEmpty else { return [] }
    let labels = links.indices.map { "[\($0 + 1)]" }
    let labelWidth = labels.map(\.count).max() ?? 0
    var out: [Line] = [[]]
    for (label, url) in zip(labels, links) {
      let marker = LessonSpans.pad(
        [StyledSpan(label, style: role(.linkTarget, over: base))], to: labelWidth + 1, style: base)
      let wrapped = LessonSpans.wrap(
        [StyledSpan(url, style: role(.link, over: base))], width: max(1, width - labelWidth - 1))
      out += LessonSpans.prefixed(wrapped, first: marker, rest: LessonSpans.blank(labelWidth + 1))
    }
    return out
  }
}
