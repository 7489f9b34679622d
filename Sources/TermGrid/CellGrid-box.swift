extension CellGrid {
  /// Draws a box along the edges of `rect` (clipped), with an optional title in the top edge.
  ///
  /// The title is drawn as `┌─ title ──┐`, cut short before the right corner when the box is
  /// narrow. A box one cell tall is a horizontal line; one cell wide, a vertical line.
  ///
  /// - Returns: the interior, `rect.inset(by: 1)`.
  @discardableResult
  public mutating func drawBox(
    _ rect: Rect, title: String? = nil, style: Style = .plain, titleStyle: Style? = nil,
    glyphs: BoxGlyphs = .unicode
  ) -> Rect {
    guard !rect.isEmpty else { return rect.inset(by: 1) }
    if rect.height == 1 {
      drawHorizontalLine(from: rect.origin, length: rect.width, style: style, glyphs: glyphs)
      return rect.inset(by: 1)
    }
    if rect.width == 1 {
      drawVerticalLine(from: rect.origin, length: rect.height, style: style, glyphs: glyphs)
      return rect.inset(by: 1)
    }
    let right = rect.maxX - 1
    let bottom = rect.maxY - 1
    drawHorizontalLine(from: rect.origin, length: rect.width, style: style, glyphs: glyphs)
    drawHorizontalLine(
      from: Point(x: rect.x, y: bottom), length: rect.width, style: style, glyphs: glyphs)
    drawVerticalLine(from: rect.origin, length: rect.height, style: style, glyphs: glyphs)
    drawVerticalLine(from: Point(x: right, y: rect.y), length: rect.height, style: style, glyphs: glyphs)
    self[rect.x, rect.y] = Cell(glyphs.topLeft, style: style)
    self[right, rect.y] = Cell(glyphs.topRight, style: style)
    self[rect.x, bottom] = Cell(glyphs.bottomLeft, style: style)
    self[right, bottom] = Cell(glyphs.bottomRight, style: style)
    if let title, !title.isEmpty {
      let titleStart = rect.width >= 5 ? rect.x + 2 : rect.x + 1
      let titleClip = Rect(x: titleStart, y: rect.y, width: right - titleStart, height: 1)
      put(" \(title) ", at: Point(x: titleStart, y: rect.y), style: titleStyle ?? style, clip: titleClip)
    }
    return rect.inset(by: 1)
  }

  /// Draws `length` horizontal line glyphs rightwards from `origin` (clipped).
  public mutating func drawHorizontalLine(
    from origin: Point, length: Int, style: Style = .plain, glyphs: BoxGlyphs = .unicode
  ) {
    fill(Rect(origin: origin, size: Size(width: length, height: 1)), style: style, character: glyphs.horizontal)
  }

  /// Draws `length` vertical line glyphs downwards from `origin` (clipped).
  public mutating func drawVerticalLine(
    from origin: Point, length: Int, style: Style = .plain, glyphs: BoxGlyphs = .unicode
  ) {
    fill(Rect(origin: origin, size: Size(width: 1, height: length)), style: style, character: glyphs.vertical)
  }

  /// Draws a horizontal divider across a box drawn at `box`, joined to its sides: `├────┤`
  /// on absolute row `y`. Rows outside the box are ignored.
  public mutating func drawHorizontalDivider(
    in box: Rect, atRow y: Int, style: Style = .plain, glyphs: BoxGlyphs = .unicode
  ) {
    guard box.width >= 2, y > box.minY, y < box.maxY - 1 else { return }
    drawHorizontalLine(from: Point(x: box.x, y: y), length: box.width, style: style, glyphs: glyphs)
    self[box.x, y] = Cell(glyphs.teeRight, style: style)
    self[box.maxX - 1, y] = Cell(glyphs.teeLeft, style: style)
  }

  /// Draws a vertical divider down a box drawn at `box`, joined to its top and bottom: `┬│┴`
  /// on absolute column `x`. Columns outside the box are ignored.
  public mutating func drawVerticalDivider(
    in box: Rect, atColumn x: Int, style: Style = .plain, glyphs: BoxGlyphs = .unicode
  ) {
    guard box.height >= 2, x > box.minX, x < box.maxX - 1 else { return }
    drawVerticalLine(from: Point(x: x, y: box.y), length: box.height, style: style, glyphs: glyphs)
    self[x, box.y] = Cell(glyphs.teeDown, style: style)
    self[x, box.maxY - 1] = Cell(glyphs.teeUp, style: style)
  }
}
