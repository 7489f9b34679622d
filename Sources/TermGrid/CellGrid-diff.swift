extension CellGrid {
  /// The cells that differ from `previous`, as equal-style runs, row by row, left to right.
  ///
  /// A backend paints only these. When the sizes differ every cell counts as changed, so the
  /// result is every run of every row. Identical grids give `[]`.
  public func changes(since previous: CellGrid) -> [StyleRun] {
    guard previous.size == size else { return allRuns() }
    var result: [StyleRun] = []
    for y in 0..<height {
      var x = 0
      while x < width {
        let index = y * width + x
        guard cells[index] != previous.cells[index] else {
          x += 1
          continue
        }
        let style = cells[index].style
        var characters: [Unicode.Scalar] = []
        while x < width, cells[y * width + x] != previous.cells[y * width + x],
          cells[y * width + x].style == style
        {
          characters.append(cells[y * width + x].character)
          x += 1
        }
        result.append(StyleRun(origin: Point(x: x - characters.count, y: y), style: style, characters: characters))
      }
    }
    return result
  }

  /// Every run of every row: a full repaint.
  public func allRuns() -> [StyleRun] {
    (0..<height).flatMap { runs(row: $0) }
  }

  /// Writes `runs` into this grid (clipped); the inverse of ``changes(since:)``: for grids of
  /// equal size, `old` with `new.changes(since: old)` applied equals `new`.
  public mutating func apply(_ runs: [StyleRun]) {
    for run in runs {
      put(run.characters, at: run.origin, style: run.style)
    }
  }
}
