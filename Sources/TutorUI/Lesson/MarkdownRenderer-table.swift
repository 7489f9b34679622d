import TermGrid
import VirtioLessons

extension MarkdownPass {
  /// A GFM table fitted to `width`: ` │ ` between columns, a `─┼─` rule under the bold header, cells cut with
  /// `…` when their column is too narrow, each column aligned as its marker says (left by default).
  mutating func table(
    header: [[MarkdownInline]], alignments: [TableAlignment], rows: [[[MarkdownInline]]], width: Int, base: Style
  ) -> [Line] {
    let columns = header.count
    guard columns > 0 else { return [] }
    let headerCells = header.map { cell($0, base: role(.tableHeader, over: base)) }
    let bodyCells = rows.map { row in (0..<columns).map { i in i < row.count ? cell(row[i], base: base) : [] } }
    let natural = (0..<columns).map { i in
      max(1, ([headerCells[i]] + bodyCells.map { $0[i] }).map(LessonSpans.width).max() ?? 1)
    }
    let gap = 3
    let gaps = gap * (columns - 1)
    let widths = Self.fit(natural, into: width - gaps)
    if widths != natural || widths.reduce(0, +) + gaps > width {
      truncations.append(.init(kind: .table, needed: natural.reduce(0, +) + gaps, available: width))
    }

    let ruleStyle = role(.tableRule, over: base)
    let separator = StyledSpan(symbol(" │ ", " | "), style: ruleStyle)
    func row(_ cells: [Line]) -> Line {
      var line: Line = []
      for (i, content) in cells.enumerated() {
        if i > 0 { line.append(separator) }
        let alignment = i < alignments.count ? alignments[i] : .none
        line += aligned(content, width: widths[i], alignment, base: base)
      }
      return line
    }
    let rule = widths.map { String(repeating: symbol("─", "-"), count: $0) }
      .joined(separator: symbol("─┼─", "-+-"))
    return [row(headerCells), [StyledSpan(rule, style: ruleStyle)]] + bodyCells.map(row)
  }

  /// A table cell's text on one line (hard breaks become spaces), sanitized.
  mutating func cell(_ content: [MarkdownInline], base: Style) -> Line {
    inlines(content, base: base).map { span in
      LessonSpans.span(String(span.text.map { $0 == "\n" ? " " : $0 }), span.style)
    }
  }

  /// `content` cut to `width` (with `…`) and padded to it as `alignment` says.
  func aligned(_ content: Line, width: Int, _ alignment: TableAlignment, base: Style) -> Line {
    let cut = LessonSpans.truncate(content, to: width, ellipsis: ellipsis).0
    let room = width - LessonSpans.width(cut)
    switch alignment {
    case .right: return LessonSpans.blank(room, base) + cut
    case .center: return LessonSpans.blank(room / 2, base) + cut + LessonSpans.blank(room - room / 2, base)
    case .left, .none: return cut + LessonSpans.blank(room, base)
    }
  }

  /// Column widths for `natural` widths sharing `available` cells: everything fits as is if it can; otherwise
  /// columns narrower than a common cap keep their width and the wider ones are cut to the cap (the largest cap
  /// that fits, the leftover cells going to the cut columns from the left). Never below 1 per column.
  static func fit(_ natural: [Int], into available: Int) -> [Int] {
    guard natural.reduce(0, +) > available else { return natural }
    guard available > natural.count else { return natural.map { _ in 1 } }
    var cap = 1
    var high = natural.max() ?? 1
    while cap < high {  // the largest cap with sum(min(n, cap)) <= available
      let mid = (cap + high + 1) / 2
      if natural.reduce(0, { $0 + min($1, mid) }) <= available { cap = mid } else { high = mid - 1 }
    }
    var widths = natural.map { min($0, cap) }
    var leftover = available - widths.reduce(0, +)
    for i in widths.indices where leftover > 0 && natural[i] > widths[i] {
      widths[i] += 1
      leftover -= 1
    }
    return widths
  }
}
