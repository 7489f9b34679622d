import Foundation
import VirtioCore
import VirtioScript

/// Prints a script's trace as it runs, in text or JSON, buffered in large writes and never kept.
struct TraceOutput {
  let format: OutputFormat
  let quiet: Bool
  private var buffer = ""
  private var first = true

  init(format: OutputFormat, quiet: Bool) {
    self.format = format
    self.quiet = quiet
    if format == .json { buffer = TraceJSON.opening }
  }

  /// Prints `entries` (nothing with --quiet in text form).
  mutating func events(_ entries: [TraceEntry]) {
    for entry in entries {
      switch format {
      case .text:
        if quiet { continue }
        buffer += entry.description
        buffer += "\n"
      case .json:
        buffer += first ? "\n    " : ",\n    "
        buffer += TraceJSON.eventText(entry)
        first = false
      }
    }
    if buffer.utf8.count >= 1 << 16 { flush() }
  }

  /// Prints the end: text flows and the outcome line, or the rest of the JSON document.
  mutating func finish(session: ScriptSession, outcome: ScriptSession.Outcome) {
    switch format {
    case .text:
      if !quiet {
        for run in session.flowHistory { buffer += run.textLines(engine: false).joined(separator: "\n") + "\n" }
      }
      if case .completed = outcome {
        buffer += "ok: script completed" + (session.lastError.map { " (expected error: \($0.error.kind.rawValue))" } ?? "") + "\n"
      }
      flush()
      switch outcome {
      case .completed: break
      case .failed(let failure):
        FileHandle.standardError.write(Data((failure.description + "\n").utf8))
      case .unexpectedError(let located):
        FileHandle.standardError.write(Data("line \(located.line): \(located.error.kind.rawValue): \(located.error.message)\n".utf8))
      }
    case .json:
      buffer += TraceJSON.closing(session: session, outcome: outcome) + "\n"
      flush()
    }
  }

  private mutating func flush() {
    FileHandle.standardOutput.write(Data(buffer.utf8))
    buffer.removeAll(keepingCapacity: true)
  }
}
