/// A script that could not be parsed or run, positioned at `file:line:col`.
public struct ScriptFailure: Error, Equatable, Sendable, CustomStringConvertible {
  /// Why the script stopped.
  public enum Kind: String, Equatable, Sendable {
    /// The text is not valid script syntax.
    case syntax
    /// A command cannot run in the current state (no queue yet, a field outside the queue, …).
    case usage
    /// An `expect` did not hold.
    case expectation
  }

  public var kind: Kind
  public var message: String
  public var file: String
  public var line: Int
  public var column: Int

  public init(_ kind: Kind, _ message: String, file: String, line: Int, column: Int) {
    self.kind = kind
    self.message = message
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:col: error: message`.
  public var description: String { "\(file):\(line):\(column): error: \(message)" }
}
