/// An in-memory screen: `width × height` cells, row-major. The pure thing every view renders.
///
/// The grid never traps: reading outside it yields ``Cell/blank``, writing outside it is
/// ignored, and every drawing call clips. Text reaches cells only through ``TextSanitizer``,
/// so each cell holds exactly one printable, single-width scalar.
///
/// ```swift
/// var grid = CellGrid(size: Size(width: 12, height: 3))
/// grid.drawBox(grid.bounds, title: "avail")
/// grid.put("idx 3", at: Point(x: 1, y: 1), style: Style(bold: true))
/// grid.lines   // ["┌─ avail ──┐", "│idx 3     │", "└──────────┘"]
/// ```
public struct CellGrid: Hashable, Sendable {
  public let size: Size
  /// All cells, row by row: the cell at `(x, y)` is `cells[y * width + x]`.
  public internal(set) var cells: [Cell]

  /// A grid of `size` filled with `cell` (blank by default).
  public init(size: Size, filling cell: Cell = .blank) {
    self.size = size
    var fill = cell
    fill.character = TextSanitizer.cell(for: cell.character)
    self.cells = Array(repeating: fill, count: size.area)
  }

  /// A blank grid; negative dimensions count as zero.
  public init(width: Int, height: Int) {
    self.init(size: Size(width: width, height: height))
  }

  /// A grid showing `lines` (sanitized) in `style`, as wide as the longest line.
  ///
  /// Meant for test expectations: `#expect(rendered == CellGrid(lines: ["┌─┐", "└─┘"]))`.
  public init(lines: [String], style: Style = .plain) {
    let rows = lines.map { TextSanitizer.sanitize($0) }
    self.init(size: Size(width: rows.map(\.count).max() ?? 0, height: rows.count))
    for (y, row) in rows.enumerated() {
      put(row, at: Point(x: 0, y: y), style: style, clip: nil)
    }
  }

  public var width: Int { size.width }
  public var height: Int { size.height }
  /// `Rect(x: 0, y: 0, width: width, height: height)`.
  public var bounds: Rect { Rect(size: size) }

  /// The cell at `(x, y)`; ``Cell/blank`` outside the grid. Writes outside are ignored, and a
  /// written character that is not single-width printable becomes ``TextSanitizer/replacement``.
  public subscript(x: Int, y: Int) -> Cell {
    get {
      guard let index = index(x: x, y: y) else { return .blank }
      return cells[index]
    }
    set {
      guard let index = index(x: x, y: y) else { return }
      var cell = newValue
      cell.character = TextSanitizer.cell(for: newValue.character)
      cells[index] = cell
    }
  }

  /// The cell at `point`; see ``subscript(x:y:)``.
  public subscript(point: Point) -> Cell {
    get { self[point.x, point.y] }
    set { self[point.x, point.y] = newValue }
  }

  /// The index into ``cells`` of `(x, y)`, or `nil` outside the grid.
  public func index(x: Int, y: Int) -> Int? {
    guard x >= 0, y >= 0, x < width, y < height else { return nil }
    return y * width + x
  }

  /// Stores an already-sanitized cell; callers guarantee the index is valid.
  mutating func setSanitized(_ cell: Cell, at index: Int) {
    cells[index] = cell
  }
}
