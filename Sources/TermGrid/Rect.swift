/// A rectangle of cells: an origin (top-left, inclusive) and a size.
///
/// Rectangles never have a negative size; every initialiser and helper clamps instead of
/// trapping, so layout code can subtract freely and still get a valid (possibly empty) rect.
///
/// ```swift
/// let screen = Rect(x: 0, y: 0, width: 80, height: 24)
/// let body = screen.inset(by: 1)   // inside a box
/// ```
public struct Rect: Hashable, Sendable, CustomStringConvertible {
  /// Origins are clamped to `-maxCoordinate...maxCoordinate` so `x + width` never overflows.
  public static let maxCoordinate = 1 << 40

  public let x: Int
  public let y: Int
  public let size: Size

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x.clamped(to: -Rect.maxCoordinate...Rect.maxCoordinate)
    self.y = y.clamped(to: -Rect.maxCoordinate...Rect.maxCoordinate)
    self.size = Size(width: width, height: height)
  }

  public init(origin: Point, size: Size) {
    self.init(x: origin.x, y: origin.y, width: size.width, height: size.height)
  }

  /// A rect at `(0, 0)` with the given size.
  public init(size: Size) {
    self.init(x: 0, y: 0, width: size.width, height: size.height)
  }

  /// The empty rect at the origin.
  public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

  public var width: Int { size.width }
  public var height: Int { size.height }
  public var origin: Point { Point(x: x, y: y) }
  public var minX: Int { x }
  public var minY: Int { y }
  /// One past the last column.
  public var maxX: Int { x + width }
  /// One past the last row.
  public var maxY: Int { y + height }
  public var isEmpty: Bool { size.isEmpty }
  public var area: Int { size.area }

  /// Whether the cell at `point` lies inside.
  public func contains(_ point: Point) -> Bool {
    point.x >= minX && point.x < maxX && point.y >= minY && point.y < maxY
  }

  /// The overlap of two rects; empty (with a clamped origin) when they do not overlap.
  public func intersection(_ other: Rect) -> Rect {
    let left = Swift.max(minX, other.minX)
    let top = Swift.max(minY, other.minY)
    let right = Swift.min(maxX, other.maxX)
    let bottom = Swift.min(maxY, other.maxY)
    return Rect(x: left, y: top, width: right - left, height: bottom - top)
  }

  /// Shrunk by `amount` on every side (a box's interior is `inset(by: 1)`).
  public func inset(by amount: Int) -> Rect {
    inset(top: amount, left: amount, bottom: amount, right: amount)
  }

  /// Shrunk by `horizontal` on the left and right and `vertical` on the top and bottom.
  public func inset(horizontal: Int = 0, vertical: Int = 0) -> Rect {
    inset(top: vertical, left: horizontal, bottom: vertical, right: horizontal)
  }

  /// Shrunk per side. Negative amounts grow the rect. The result never has a negative size,
  /// and its origin never moves past the original far edge.
  public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
    let t = top.clamped(to: -Size.maxDimension...Size.maxDimension)
    let l = left.clamped(to: -Size.maxDimension...Size.maxDimension)
    let b = bottom.clamped(to: -Size.maxDimension...Size.maxDimension)
    let r = right.clamped(to: -Size.maxDimension...Size.maxDimension)
    let newWidth = Swift.max(0, width - l - r)
    let newHeight = Swift.max(0, height - t - b)
    return Rect(
      x: Swift.min(x + l, maxX), y: Swift.min(y + t, maxY), width: newWidth, height: newHeight)
  }

  /// Moved by `dx`, `dy`.
  public func offsetBy(dx: Int = 0, dy: Int = 0) -> Rect {
    Rect(x: x.saturatingAdd(dx), y: y.saturatingAdd(dy), width: width, height: height)
  }

  /// The first `count` rows (clamped to the height).
  public func top(_ count: Int) -> Rect {
    Rect(x: x, y: y, width: width, height: count.clamped(to: 0...height))
  }

  /// The last `count` rows (clamped to the height).
  public func bottom(_ count: Int) -> Rect {
    let n = count.clamped(to: 0...height)
    return Rect(x: x, y: maxY - n, width: width, height: n)
  }

  /// The first `count` columns (clamped to the width).
  public func left(_ count: Int) -> Rect {
    Rect(x: x, y: y, width: count.clamped(to: 0...width), height: height)
  }

  /// The last `count` columns (clamped to the width).
  public func right(_ count: Int) -> Rect {
    let n = count.clamped(to: 0...width)
    return Rect(x: maxX - n, y: y, width: n, height: height)
  }

  /// A rect of `size` (clamped to this rect's size) centred inside this one; for overlays.
  public func centered(_ size: Size) -> Rect {
    let w = Swift.min(size.width, width)
    let h = Swift.min(size.height, height)
    return Rect(x: x + (width - w) / 2, y: y + (height - h) / 2, width: w, height: h)
  }

  public var description: String { "Rect(x: \(x), y: \(y), \(size))" }
}
