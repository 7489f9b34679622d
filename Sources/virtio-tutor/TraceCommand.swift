import ArgumentParser
import Foundation
import VirtioCore
import VirtioFlows
import VirtioScript

/// `virtio-tutor trace SCRIPT`: run an engine script and print its trace.
struct TraceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trace",
    abstract: "Run a virtqueue script (or a flow) and print every step the driver and the device take.",
    discussion: """
      Exit status: 0 when the script ran and every expectation held; 1 when an `expect` failed; 2 for a script \
      error (syntax, or a command that cannot run); 3 when a ring error occurred that no `expect error == NAME` \
      claimed. The script language is documented in docs/script-language.md.
      """)

  @Argument(help: "The script file to run ('-' reads standard input).")
  var script: String?

  @Option(help: "Print a flow step by step instead of a script: emulated, assigned, virtio, increment or blk.")
  var flow: String?

  @OptionGroup(title: "Flow options (with --flow)")
  var flowOptions: FlowTraceOptions

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Option(name: .customLong("dump-memory"), help: "Write raw guest memory to FILE (file offset = guest-physical address).")
  var dumpMemory: String?

  @Flag(help: "Do not record the trace (prints only the outcome).")
  var quiet = false

  mutating func run() throws {
    if let name = flow {
      guard script == nil else { throw ValidationError("give either a SCRIPT or --flow, not both") }
      guard let chosen = Flow(name: name) else {
        throw ValidationError("unknown flow '\(name)'; choose emulated, assigned, virtio, increment or blk")
      }
      let run = try flowOptions.run(chosen)
      switch format {
      case .text: print(run.textLines(engine: !quiet).joined(separator: "\n"))
      case .json: print(try FlowTraceOptions.render(run.json))
      }
      return
    }
    guard let path = script else { throw ValidationError("give a SCRIPT file to run, or --flow NAME") }
    let (name, text) = try readScript(path)
    // Streams: each line's trace entries are printed and dropped as soon as the line has run, so memory stays flat
    // however long the script is; --quiet records no trace at all.
    var session = ScriptSession(tracing: !quiet)
    var output = TraceOutput(format: format, quiet: quiet)
    var outcome: ScriptSession.Outcome = .completed
    do {
      // Two passes over the text, one line at a time: a syntax error anywhere still stops the script before it
      // runs, and no pass holds every parsed line.
      let parser = ScriptParser(file: name)
      let rawLines = text.split(separator: "\n", omittingEmptySubsequences: false)
      for (offset, raw) in rawLines.enumerated() { _ = try parser.parse(line: raw, number: offset + 1) }
      for (offset, raw) in rawLines.enumerated() {
        guard let line = try parser.parse(line: raw, number: offset + 1) else { continue }
        do {
          try session.execute(line, file: name)
        } catch {
          outcome = .failed(error)
          break
        }
        output.events(session.drainTrace())
      }
      output.events(session.drainTrace())
      if case .completed = outcome, let first = session.unclaimedErrors.first { outcome = .unexpectedError(first) }
    } catch {
      outcome = .failed(error)
    }
    if let dump = dumpMemory, let memory = session.guestMemory {
      do {
        try OutputFile.write(memory.bytes, to: dump)
      } catch {
        printError("cannot write the memory dump to '\(dump)': \(error)")
        throw ExitCode(TraceExit.dumpFailed)
      }
    }
    output.finish(session: session, outcome: outcome)
    throw ExitCode(TraceExit.status(for: outcome))
  }
}

/// Output formats shared by the commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

/// The exit status of `trace` for each outcome.
enum TraceExit {
  /// `--dump-memory FILE` could not be written (the script itself ran).
  static let dumpFailed: Int32 = 4

  static func status(for outcome: ScriptSession.Outcome) -> Int32 {
    switch outcome {
    case .completed: return 0
    case .failed(let failure): return failure.kind == .expectation ? 1 : 2
    case .unexpectedError: return 3
    }
  }
}

/// Reads a script file or standard input; the name is used in messages.
func readScript(_ path: String) throws -> (name: String, text: String) {
  if path == "-" {
    let data = FileHandle.standardInput.readDataToEndOfFile()
    return ("<stdin>", String(decoding: data, as: UTF8.self))
  }
  guard let data = FileManager.default.contents(atPath: path) else {
    throw ValidationError("cannot read script '\(path)'")
  }
  return (path, String(decoding: data, as: UTF8.self))
}
