/// The seam between the lesson checker and the engine's script language.
///
/// ``LessonChecker`` drives an evaluator through a lesson: `reset()`, then
/// `run` the `setup` script and every step's scripts in order (the engine's
/// state carries from step to step, as in the tutor), evaluating each
/// exercise's `check:` after its step's scripts. ``EngineScriptEvaluator`` is
/// the real implementation (VirtioScript); tests may use a fake.
///
/// Lines and columns in a ``ScriptProblem`` are relative to the script
/// (1-based); the checker turns them into file positions.
public protocol ScriptEvaluating {
  /// The first syntax error in `script`, without running it.
  func syntaxProblem(in script: StepScript) -> ScriptProblem?
  /// Starts a fresh engine (before a lesson's setup).
  mutating func reset()
  /// Runs `script` on the current engine; the first failure (syntax, a command
  /// that cannot run, an `expect` that does not hold, an error nobody expected).
  mutating func run(_ script: StepScript) -> ScriptProblem?
  /// The current value of an engine expression (`used.idx`, `kicks`, `flow.exits`).
  func evaluate(_ expression: String) -> Result<EngineValue, ScriptProblem>
}

/// A problem inside a script, at a script-relative line and column.
public struct ScriptProblem: Error, Equatable, Hashable, Sendable {
  /// What went wrong.
  public var message: String
  /// 1-based line within the script; 0 when the problem has no line (an expression).
  public var line: Int
  /// 1-based column within that line.
  public var column: Int

  /// Creates a problem.
  public init(message: String, line: Int = 0, column: Int = 1) {
    self.message = message
    self.line = line
    self.column = column
  }
}

/// A value read from the engine, to compare with an exercise's answer.
public struct EngineValue: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// How the engine prints it (`3`, `queueFull`, `ACKNOWLEDGE|DRIVER`).
  public var text: String
  /// Its numeric value, when it has one (numbers and bit sets).
  public var number: UInt64?

  /// Creates a value.
  public init(text: String, number: UInt64? = nil) {
    self.text = text
    self.number = number
  }

  /// Whether `answer` is this value: numerically for integers, ignoring case for words.
  public func matches(_ answer: ExerciseAnswer) -> Bool {
    switch answer {
    case .integer(let n): return n >= 0 && number == UInt64(n)
    case .word: return answer.matches(text)
    }
  }

  /// `text`.
  public var description: String { text }
}
