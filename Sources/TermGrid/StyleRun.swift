/// A horizontal run of cells on one row that share a style: what a backend paints in one call.
///
/// ``CellGrid/runs(row:)`` returns the maximal runs of a row; ``CellGrid/changes(since:)``
/// returns runs made only of cells that differ from a previous frame.
public struct StyleRun: Hashable, Sendable, CustomStringConvertible {
  /// Position of the first cell.
  public var origin: Point
  public var style: Style
  /// One scalar per cell, left to right.
  public var characters: [Unicode.Scalar]

  public init(origin: Point, style: Style, characters: [Unicode.Scalar]) {
    self.origin = origin
    self.style = style
    self.characters = characters
  }

  /// Number of cells in the run.
  public var count: Int { characters.count }

  /// The run's characters as a string.
  public var text: String {
    var string = String.UnicodeScalarView()
    string.appendScalars(characters)
    return String(string)
  }

  public var description: String { "\(origin) \(style) \"\(text)\"" }
}
