/// A width and height in cells; never negative.
///
/// Negative inputs are clamped to zero and huge ones to ``Size/maxDimension``, so arithmetic
/// on sizes and rectangles cannot overflow.
public struct Size: Hashable, Sendable, CustomStringConvertible {
  /// The largest width or height a size can hold.
  public static let maxDimension = 1 << 20

  public let width: Int
  public let height: Int

  public init(width: Int, height: Int) {
    self.width = width.clamped(to: 0...Size.maxDimension)
    self.height = height.clamped(to: 0...Size.maxDimension)
  }

  /// `0×0`.
  public static let zero = Size(width: 0, height: 0)

  /// Number of cells, `width * height`.
  public var area: Int { width * height }

  /// True when either dimension is zero.
  public var isEmpty: Bool { width == 0 || height == 0 }

  public var description: String { "\(width)×\(height)" }
}
