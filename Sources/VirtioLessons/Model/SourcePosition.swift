/// A place in a lesson file: the file name, a 1-based line and a 1-based column.
///
/// Lines count `\n` (a CRLF pair is one line end). Columns count Unicode scalars
/// (characters as an editor shows them; a tab counts as one), starting at 1.
/// Its description is `file:line:col`, the form editors and `check` use.
public struct SourcePosition: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// The file name as given to the parser (usually a path).
  public var file: String
  /// The 1-based line number.
  public var line: Int
  /// The 1-based column, in Unicode scalars.
  public var column: Int

  /// Creates a position.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:col`.
  public var description: String { "\(file):\(line):\(column)" }
}
