import VirtioScript

extension StepScript {
  /// The script parsed once, the way both the checker and the tutor run it: every line and column it reports
  /// (a syntax error, a failed `expect`, a ring error's line) is the lesson file's, including the indentation of
  /// a fence inside a list.
  public func parsed() throws(ScriptFailure) -> Script {
    try ScriptParser(file: position.file, firstLine: position.line, firstColumn: position.column).parse(source)
  }

  /// A file position reported by ``parsed()`` (or by running its result), relative to the script (1-based), as
  /// ``ScriptEvaluating`` reports problems.
  public func relative(line: Int, column: Int) -> (line: Int, column: Int) {
    (max(1, line - position.line + 1), max(1, column - position.column + 1))
  }
}
