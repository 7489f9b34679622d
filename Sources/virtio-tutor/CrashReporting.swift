import CStartup
import Foundation

/// How a crash (a trap, a fault, SIGQUIT) is reported: the terminal is restored first (TutorTerminal's crash
/// handler), then the Swift runtime prints its backtrace on the normal screen and the process exits, with no
/// interactive prompt.
///
/// The Swift 6.3 runtime reads `SWIFT_BACKTRACE` once, in a static initialiser that runs before `main`, and by
/// default turns its interactive mode on when standard input and output are terminals: a crash inside the TUI
/// then waited for a key with the alternate screen still up. Setting the variable in `main` is too late.
///
/// - The release binary carries the runtime (a static executable): `CStartup`'s constructor runs before the
///   runtime's initialiser and sets `interactive=no` and the path of the toolchain's static backtracer, which a
///   static runtime cannot find by itself. Nothing is left to do here, and start-up costs one process.
/// - With the runtime as a shared library (debug builds, the tests) its initialiser ran before any code of ours:
///   when the variable is unset the program sets `SWIFT_BACKTRACE=interactive=no` and re-executes itself once
///   (`/proc/self/exe`, same arguments).
///
/// A `SWIFT_BACKTRACE` the user set is left alone.
enum CrashReporting {
  static let variable = "SWIFT_BACKTRACE"
  static let setting = "interactive=no"

  static func configure() {
    #if os(Linux)
      guard vt_crash_policy_set_early() == 0, getenv(variable) == nil else { return }
      setenv(variable, setting, 1)
      var argv: [UnsafeMutablePointer<CChar>?] = CommandLine.arguments.map { strdup($0) }
      argv.append(nil)
      execv("/proc/self/exe", &argv)
      // execv returned: run on in this process (a crash report may then prompt).
    #endif
  }
}
