extension CellGrid {
  /// Writes `text` on one row starting at `origin`, clipped to the grid and to `clip`.
  ///
  /// The text is sanitized first (see ``TextSanitizer``): control characters, newlines and
  /// wide characters become `�`, tabs become spaces. Any origin is fine, including negative
  /// or far out of bounds ones; whatever falls outside is dropped.
  ///
  /// - Returns: the number of columns the text advances, whether or not they were visible,
  ///   so `x += grid.put(...)` lays out consecutive pieces correctly.
  @discardableResult
  public mutating func put(
    _ text: String, at origin: Point, style: Style = .plain, clip: Rect? = nil
  ) -> Int {
    put(TextSanitizer.sanitize(text), at: origin, style: style, clip: clip)
  }

  /// Writes styled spans one after the other on one row; see ``put(_:at:style:clip:)``.
  ///
  /// - Returns: the total number of columns the spans advance.
  @discardableResult
  public mutating func put(_ spans: [StyledSpan], at origin: Point, clip: Rect? = nil) -> Int {
    var advance = 0
    for span in spans {
      advance += put(span.text, at: origin.offsetBy(dx: advance), style: span.style, clip: clip)
    }
    return advance
  }

  /// Writes already-sanitized scalars (as returned by ``TextSanitizer/sanitize(_:tabWidth:)``).
  /// Scalars that are not single-width printable are still replaced.
  @discardableResult
  public mutating func put(
    _ scalars: [Unicode.Scalar], at origin: Point, style: Style = .plain, clip: Rect? = nil
  ) -> Int {
    let area = clipArea(clip)
    let limit = 1 << 42  // far beyond any grid or string length, so the sums below cannot overflow
    let x0 = origin.x.clamped(to: -limit...limit)
    guard area.minY <= origin.y, origin.y < area.maxY, !scalars.isEmpty else {
      return scalars.count
    }
    let first = Swift.max(0, area.minX - x0)
    let end = Swift.min(scalars.count, area.maxX - x0)
    guard first < end else { return scalars.count }
    let rowStart = origin.y * width
    for i in first..<end {
      let cell = Cell(TextSanitizer.cell(for: scalars[i]), style: style)
      setSanitized(cell, at: rowStart + x0 + i)
    }
    return scalars.count
  }

  /// Fills `rect` (clipped to the grid) with `character` in `style`.
  public mutating func fill(_ rect: Rect, style: Style = .plain, character: Unicode.Scalar = " ") {
    let area = rect.intersection(bounds)
    let cell = Cell(TextSanitizer.cell(for: character), style: style)
    for y in area.minY..<area.maxY {
      for x in area.minX..<area.maxX {
        setSanitized(cell, at: y * width + x)
      }
    }
  }

  /// Resets every cell to ``Cell/blank``.
  public mutating func clear() {
    fill(bounds)
  }

  /// Changes the style of every cell in `rect` (clipped), keeping the characters; for
  /// highlighting a selection: `grid.restyle(row) { $0.reverse = true }`.
  public mutating func restyle(_ rect: Rect, _ transform: (inout Style) -> Void) {
    let area = rect.intersection(bounds)
    for y in area.minY..<area.maxY {
      for x in area.minX..<area.maxX {
        let index = y * width + x
        var cell = cells[index]
        transform(&cell.style)
        setSanitized(cell, at: index)
      }
    }
  }

  /// Copies `source` with its top-left corner at `origin`, clipped to the grid and `clip`.
  public mutating func blit(_ source: CellGrid, at origin: Point, clip: Rect? = nil) {
    let placed = Rect(origin: origin, size: source.size)
    let target = placed.intersection(clipArea(clip))
    for y in target.minY..<target.maxY {
      for x in target.minX..<target.maxX {
        let cell = source.cells[(y - placed.y) * source.width + (x - placed.x)]
        setSanitized(cell, at: y * width + x)
      }
    }
  }

  /// The grid's bounds, narrowed to `clip` when given.
  func clipArea(_ clip: Rect?) -> Rect {
    guard let clip else { return bounds }
    return clip.intersection(bounds)
  }
}
