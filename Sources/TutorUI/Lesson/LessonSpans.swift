import TermGrid

/// Small pure helpers on lines of styled spans, shared by the lesson pane and the overlays.
///
/// A "line" is `[StyledSpan]` whose text is already sanitized (one scalar, one column), so its width is its
/// scalar count. Kept in a namespace (not extensions on TermGrid types) so nothing collides with other panes.
enum LessonSpans {
  typealias Line = [StyledSpan]

  /// `top` laid over `base`: attributes add up, and `top`'s colours win where it has any.
  static func merge(_ base: Style, _ top: Style) -> Style {
    var s = base
    if top.fg != .default { s.fg = top.fg }
    if top.bg != .default { s.bg = top.bg }
    s.bold = s.bold || top.bold
    s.dim = s.dim || top.dim
    s.italic = s.italic || top.italic
    s.underline = s.underline || top.underline
    s.reverse = s.reverse || top.reverse
    return s
  }

  /// A span whose text is sanitized (tabs become spaces, controls `�`), so its width is its scalar count.
  static func span(_ text: String, _ style: Style) -> StyledSpan {
    StyledSpan(TextSanitizer.sanitizedString(text), style: style)
  }

  /// Cells a sanitized line takes.
  static func width(_ line: Line) -> Int {
    line.reduce(0) { $0 + $1.text.unicodeScalars.count }
  }

  /// The first `count` cells of `line`.
  static func prefix(_ line: Line, _ count: Int) -> Line {
    var remaining = max(0, count)
    var out: Line = []
    for span in line where remaining > 0 {
      let scalars = span.text.unicodeScalars
      if scalars.count <= remaining {
        out.append(span)
        remaining -= scalars.count
      } else {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars.prefix(remaining))
        out.append(StyledSpan(String(view), style: span.style))
        remaining = 0
      }
    }
    return out
  }

  /// The last `count` cells of `line`.
  static func suffix(_ line: Line, _ count: Int) -> Line {
    let total = width(line)
    guard total > count else { return line }
    var skip = total - max(0, count)
    var out: Line = []
    for span in line {
      let scalars = span.text.unicodeScalars
      if skip >= scalars.count {
        skip -= scalars.count
        continue
      }
      var view = String.UnicodeScalarView()
      view.append(contentsOf: scalars.dropFirst(skip))
      out.append(StyledSpan(String(view), style: span.style))
      skip = 0
    }
    return out
  }

  /// `line` cut to `count` cells; when it is longer, its last visible cell becomes `ellipsis` (in the style of
  /// the cell it replaces). Returns whether anything was cut.
  static func truncate(_ line: Line, to count: Int, ellipsis: String) -> (Line, Bool) {
    let n = max(0, count)
    guard width(line) > n else { return (line, false) }
    guard n > 0 else { return ([], true) }
    var cut = prefix(line, n - 1)
    let style = prefix(line, n).last?.style ?? .plain
    cut.append(StyledSpan(ellipsis, style: style))
    return (cut, true)
  }

  /// `line` padded with spaces in `style` to `count` cells (never cut).
  static func pad(_ line: Line, to count: Int, style: Style) -> Line {
    let missing = count - width(line)
    guard missing > 0 else { return line }
    return line + [StyledSpan(String(repeating: " ", count: missing), style: style)]
  }

  /// `line` with neighbouring spans of one style merged and empty spans dropped.
  static func merged(_ line: Line) -> Line {
    var out: Line = []
    for span in line where !span.text.isEmpty {
      if let last = out.last, last.style == span.style {
        out[out.count - 1].text += span.text
      } else {
        out.append(span)
      }
    }
    return out
  }

  /// `line` with every scalar replaced by its ASCII look-alike (for terminals without UTF-8).
  static func ascii(_ line: Line) -> Line {
    line.map { span in
      var view = String.UnicodeScalarView()
      view.append(contentsOf: span.text.unicodeScalars.map(TextSanitizer.asciiFallback(for:)))
      return StyledSpan(String(view), style: span.style)
    }
  }

  /// `text` as the terminal will show it: sanitized, and ASCII look-alikes when `unicode` is off.
  static func shown(_ text: String, unicode: Bool) -> String {
    unicode ? TextSanitizer.sanitizedString(text) : TextSanitizer.asciiString(text)
  }

  /// Word-wraps `spans` to `width` (see ``TextWrap``: sanitized, `"\n"` breaks); no lines when `width <= 0`.
  static func wrap(_ spans: Line, width: Int) -> [Line] {
    TextWrap.wrap(spans, width: width)
  }

  /// `lines` with `first` in front of the first line and `rest` in front of the others (markers, bars, hanging
  /// indents). Empty lines get the prefix too, with trailing blanks of the prefix left for the grid to trim.
  static func prefixed(_ lines: [Line], first: Line, rest: Line) -> [Line] {
    guard !lines.isEmpty else { return [first] }
    return lines.enumerated().map { index, line in (index == 0 ? first : rest) + line }
  }

  /// Spaces as a line of `count` cells.
  static func blank(_ count: Int, _ style: Style = .plain) -> Line {
    count > 0 ? [StyledSpan(String(repeating: " ", count: count), style: style)] : []
  }
}
