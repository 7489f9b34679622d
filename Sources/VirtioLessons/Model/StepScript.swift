/// A script in the engine's script language, with where it starts in the file.
///
/// `position` is the position of the script's first line. An error that the
/// script language reports at script line `k`, column `c` (both 1-based) is at
/// file line `position.line + k - 1`, column `position.column + c - 1`; use
/// ``filePosition(line:column:)``.
public struct StepScript: Equatable, Hashable, Sendable {
  /// The script text, lines separated by `\n`, without a trailing newline.
  public var source: String
  /// The position of the first script line.
  public var position: SourcePosition
  /// Whether the step continues the previous step's queue even though the script starts by resetting or
  /// re-creating it (```` ```virtio continues ````): the reset is what the step shows, so the step opens on the
  /// previous step's end and plays its reset. Otherwise a step's leading reset or `queue` line is its set-up, already
  /// run on the step's first frame (`StepPlayback.setUpCommands`).
  public var continues: Bool

  /// Creates a script.
  public init(source: String, position: SourcePosition, continues: Bool = false) {
    self.source = source
    self.position = position
    self.continues = continues
  }

  /// The file position of script line `line`, column `column` (both 1-based).
  public func filePosition(line: Int, column: Int = 1) -> SourcePosition {
    SourcePosition(
      file: position.file, line: position.line + max(line, 1) - 1,
      column: position.column + max(column, 1) - 1)
  }
}
