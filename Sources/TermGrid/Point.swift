/// A cell position on a terminal grid: `x` counts columns from the left, `y` rows from the top.
///
/// Any `Int` is a valid point, including negative ones; drawing calls clip what falls outside.
public struct Point: Hashable, Sendable, CustomStringConvertible {
  public var x: Int
  public var y: Int

  public init(x: Int, y: Int) {
    self.x = x
    self.y = y
  }

  /// The top-left corner, `(0, 0)`.
  public static let zero = Point(x: 0, y: 0)

  /// This point moved by `dx` columns and `dy` rows (saturating, never traps).
  public func offsetBy(dx: Int = 0, dy: Int = 0) -> Point {
    Point(x: x.saturatingAdd(dx), y: y.saturatingAdd(dy))
  }

  public var description: String { "(\(x), \(y))" }
}

extension Int {
  /// `self + other`, clamped to `Int.min...Int.max` instead of trapping on overflow.
  @inlinable
  func saturatingAdd(_ other: Int) -> Int {
    let (sum, overflow) = addingReportingOverflow(other)
    if !overflow { return sum }
    return other > 0 ? .max : .min
  }

  /// `self` clamped to `range`.
  @inlinable
  func clamped(to range: ClosedRange<Int>) -> Int {
    Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
  }
}
