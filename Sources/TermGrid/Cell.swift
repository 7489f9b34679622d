/// One terminal cell: exactly one display-width-1 Unicode scalar and its style.
///
/// Keeping one scalar per cell is what makes the grid's geometry exact; text reaches cells
/// only through ``TextSanitizer``, which replaces anything that is not one column wide.
public struct Cell: Hashable, Sendable {
  public var character: Unicode.Scalar
  public var style: Style

  public init(_ character: Unicode.Scalar = " ", style: Style = .plain) {
    self.character = character
    self.style = style
  }

  /// A space in the plain style.
  public static let blank = Cell()
}
