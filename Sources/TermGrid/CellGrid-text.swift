extension CellGrid: CustomStringConvertible, CustomDebugStringConvertible {
  /// Each row as a string, trailing spaces trimmed: the form golden tests compare.
  public var lines: [String] {
    (0..<height).map { y in
      var row = cells[(y * width)..<((y + 1) * width)].map(\.character)
      while row.last == " " { row.removeLast() }
      var view = String.UnicodeScalarView()
      view.appendScalars(row)
      return String(view)
    }
  }

  /// ``lines`` joined by `"\n"`.
  public var text: String { lines.joined(separator: "\n") }

  /// The maximal runs of equal style in row `y`, left to right; empty outside the grid.
  public func runs(row y: Int) -> [StyleRun] {
    guard y >= 0, y < height else { return [] }
    return runs(row: y, from: 0, to: width)
  }

  /// Maximal equal-style runs of the cells `start..<end` of row `y` (all valid).
  func runs(row y: Int, from start: Int, to end: Int) -> [StyleRun] {
    var result: [StyleRun] = []
    var x = start
    while x < end {
      let style = cells[y * width + x].style
      var characters: [Unicode.Scalar] = []
      while x < end, cells[y * width + x].style == style {
        characters.append(cells[y * width + x].character)
        x += 1
      }
      result.append(StyleRun(origin: Point(x: x - characters.count, y: y), style: style, characters: characters))
    }
    return result
  }

  /// The text, one row per line.
  public var description: String { text }

  /// The text plus every non-plain style run, for readable test failures.
  public var debugDescription: String {
    var out = "CellGrid \(size)\n" + lines.map { "|\($0)" }.joined(separator: "\n")
    for y in 0..<height {
      for run in runs(row: y) where run.style != .plain {
        out += "\n  \(run)"
      }
    }
    return out
  }
}
