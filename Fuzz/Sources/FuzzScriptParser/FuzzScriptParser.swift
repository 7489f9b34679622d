import FuzzSupport
import VirtioScript

/// The step-script language over arbitrary bytes: the parser returns a script or throws a `ScriptFailure`, and the
/// parsed script then runs through a real `ScriptSession` (queue layouts from the input, ring addresses near 2^64,
/// pokes, driver and device commands, expectations), which must end in an outcome, never a trap.
///
/// `flow` lines are left out of the run: a flow is a fixed model whose parameters the parser already checks, and
/// one at its documented limits runs for seconds (past libFuzzer's 10-second budget under ASan) without reading
/// anything of the input's. At most ``maximumLines`` lines run, so one input stays a few milliseconds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScriptParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data else { return 0 }
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  let script: Script
  do {
    script = try ScriptParser(file: "fuzz.vq").parse(text)
  } catch {
    _ = error.description
    return 0
  }
  let lines = script.lines.filter { line in
    if case .flow = line.command { return false }
    return true
  }
  var session = ScriptSession(tracing: size % 2 == 0, journaling: size % 3 == 0)
  let outcome = session.run(Script(file: script.file, lines: Array(lines.prefix(maximumLines))))
  _ = "\(outcome)"
  _ = session.traceEntries.map(\.description)
  return 0
}

/// The most script lines one input runs.
let maximumLines = 64

@main enum FuzzScriptParserMain {
  static func main() { runFuzzer(fuzzScriptParser) }
}
