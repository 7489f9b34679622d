import Foundation

/// The few environment variables the CLI reads, one `getenv` each. `ProcessInfo.processInfo.environment` builds a
/// dictionary of the whole environment at every read (2.6 M instructions of the tutor's start-up, read four times).
enum ProcessEnvironment {
  /// The variable's value, or nil when it is not set.
  static func value(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  /// The variables among `names` that are set, as a dictionary (for the functions that take an environment).
  static func values(_ names: [String]) -> [String: String] {
    var result: [String: String] = [:]
    for name in names {
      if let value = value(name) { result[name] = value }
    }
    return result
  }

  /// What the locale and colour decisions read (``TerminalCapabilities/requested(ascii:environment:)``).
  static let localeAndColor = ["LC_ALL", "LC_CTYPE", "LANG", "NO_COLOR"]
}
