import FuzzSupport
import VirtioScript

/// The step-script parser over arbitrary bytes: it returns a script or throws a `ScriptFailure`, never traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScriptParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data else { return 0 }
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  do {
    let script = try ScriptParser(file: "fuzz.vq").parse(text)
    _ = script.lines.count
  } catch {
    _ = error.description
  }
  return 0
}

@main enum FuzzScriptParserMain {
  static func main() { runFuzzer(fuzzScriptParser) }
}
