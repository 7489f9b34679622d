/// One problem found in a lesson file, with its exact position.
///
/// Its description is `file:line:col: error: message` (or `warning:`), the
/// form `virtio-tutor check` prints and editors understand.
public struct LessonDiagnostic: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// How serious a diagnostic is.
  public enum Severity: String, Equatable, Hashable, Sendable {
    /// The lesson cannot be shown; `check` fails.
    case error
    /// The lesson works, but something looks wrong.
    case warning
  }

  /// Where the problem is.
  public var position: SourcePosition
  /// Error or warning.
  public var severity: Severity
  /// What is wrong, in one line, lower-case start, no final period.
  public var message: String

  /// Creates a diagnostic.
  public init(position: SourcePosition, severity: Severity, message: String) {
    self.position = position
    self.severity = severity
    self.message = message
  }

  /// An error at `position`.
  public static func error(_ message: String, at position: SourcePosition) -> LessonDiagnostic {
    LessonDiagnostic(position: position, severity: .error, message: message)
  }

  /// A warning at `position`.
  public static func warning(_ message: String, at position: SourcePosition) -> LessonDiagnostic {
    LessonDiagnostic(position: position, severity: .warning, message: message)
  }

  /// Whether this is an error (as opposed to a warning).
  public var isError: Bool { severity == .error }

  /// `file:line:col: error: message`.
  public var description: String { "\(position): \(severity.rawValue): \(message)" }
}
