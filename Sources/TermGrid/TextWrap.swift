/// Greedy word wrapping for plain and styled text, measured in cells.
///
/// Rules, for both variants:
/// - `"\n"` (and `"\r\n"`) always breaks; an empty paragraph is an empty line.
/// - Lines break at spaces; the spaces at a break are dropped, spaces inside a line and a
///   paragraph's leading indentation are kept.
/// - A word longer than the width is cut into width-sized pieces.
/// - Text is sanitized on the way (see ``TextSanitizer``), so every output scalar is one cell
///   and each line's scalar count is at most `width`. Tabs expand from the paragraph start.
/// - `width <= 0` gives `[]`: nothing fits, and nothing loops.
///
/// ```swift
/// TextWrap.wrap("the driver owns the avail ring", width: 10)
/// // ["the driver", "owns the", "avail ring"]
/// ```
public enum TextWrap {
  /// Wraps plain text into lines of at most `width` cells.
  public static func wrap(_ text: String, width: Int, tabWidth: Int = 4) -> [String] {
    wrapCells([StyledSpan(text)], width: width, tabWidth: tabWidth).map { line in
      var view = String.UnicodeScalarView()
      view.appendScalars(line.map(\.character))
      return String(view)
    }
  }

  /// Wraps styled spans into lines of spans of at most `width` cells in total.
  /// Adjacent pieces with the same style are merged; an empty line is `[]`.
  public static func wrap(_ spans: [StyledSpan], width: Int, tabWidth: Int = 4) -> [[StyledSpan]] {
    wrapCells(spans, width: width, tabWidth: tabWidth).map(spans(of:))
  }

  // MARK: - Implementation

  static func wrapCells(_ spans: [StyledSpan], width: Int, tabWidth: Int) -> [[Cell]] {
    guard width > 0 else { return [] }
    return paragraphs(of: spans, tabWidth: tabWidth).flatMap { wrapParagraph($0, width: width) }
  }

  /// Splits spans at newlines into sanitized paragraphs of styled cells.
  static func paragraphs(of spans: [StyledSpan], tabWidth: Int) -> [[Cell]] {
    let tab = Swift.max(1, tabWidth)
    var result: [[Cell]] = []
    var current: [Cell] = []
    for span in spans {
      let scalars = Array(span.text.unicodeScalars)
      for (i, scalar) in scalars.enumerated() {
        switch scalar {
        case "\n":
          result.append(current)
          current = []
        case "\r" where i + 1 < scalars.count && scalars[i + 1] == "\n":
          continue
        case "\t":
          let spaces = tab - current.count % tab
          current.append(contentsOf: repeatElement(Cell(" ", style: span.style), count: spaces))
        default:
          current.append(Cell(TextSanitizer.cell(for: scalar), style: span.style))
        }
      }
    }
    result.append(current)
    return result
  }

  /// Greedy-wraps one paragraph; always returns at least one (possibly empty) line.
  static func wrapParagraph(_ cells: [Cell], width: Int) -> [[Cell]] {
    var lines: [[Cell]] = []
    var i = 0
    while i < cells.count {
      if !lines.isEmpty {  // continuation lines start at a word
        while i < cells.count, cells[i].character == " " { i += 1 }
        if i == cells.count { break }
      }
      if cells.count - i <= width {
        lines.append(Array(cells[i...]))
        break
      }
      if let breakAt = breakPoint(in: cells, from: i, width: width) {
        var line = Array(cells[i..<breakAt])
        while line.last?.character == " " { line.removeLast() }
        lines.append(line)
        i = breakAt
      } else {
        lines.append(Array(cells[i..<(i + width)]))
        i += width
      }
    }
    return lines.isEmpty ? [[]] : lines
  }

  /// The last space in `(start, start + width]` that has a non-space before it on the line.
  static func breakPoint(in cells: [Cell], from start: Int, width: Int) -> Int? {
    let end = start + width
    guard let firstWord = cells[start..<end].firstIndex(where: { $0.character != " " }) else {
      return nil
    }
    var candidate = end
    while candidate > firstWord {
      if cells[candidate].character == " " { return candidate }
      candidate -= 1
    }
    return nil
  }

  /// Merges a line of cells into spans of equal style.
  static func spans(of line: [Cell]) -> [StyledSpan] {
    var result: [StyledSpan] = []
    for cell in line {
      if let last = result.last, last.style == cell.style {
        result[result.count - 1].text.unicodeScalars.append(cell.character)
      } else {
        result.append(StyledSpan(String(Character(cell.character)), style: cell.style))
      }
    }
    return result
  }
}
