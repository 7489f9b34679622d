import CFuzzDriver

/// Starts libFuzzer with the process's arguments and `callback` as the fuzz target, and never returns.
///
/// SwiftPM links each executable's entry point as `main` (`--defsym main=MODULE_main`), so libFuzzer's own `main`
/// cannot be used; each target has an `@main` that calls this instead (`LLVMFuzzerRunDriver`, compiler-rt's entry
/// for that case).
public func runFuzzer(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
  var argc = CommandLine.argc
  var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
  let status = LLVMFuzzerRunDriver(&argc, &argv, callback)
  exit(status)
}

@_silgen_name("exit") private func exit(_ status: Int32) -> Never
