/// The tutor's own start-up without ArgumentParser: the plain shapes of `learn` (`virtio-tutor`, `virtio-tutor
/// learn why-virtio --step 3 --lessons DIR`, …) read by hand. ArgumentParser builds every command's argument set
/// through `Mirror` before it parses anything, a quarter of the instructions to the tutor's first frame.
///
/// It accepts only what it is sure ArgumentParser reads the same way: `learn` first (or no sub-command name at
/// all), learn's documented options in their `--name value` form, each at most once, values that parse, and at most
/// one lesson. Anything else (`--help`, `--version`, `=` forms, short names, an unknown option, a value that does
/// not parse or is out of range, a repeated option, a second argument) returns nil, and ArgumentParser parses the
/// arguments and gives its own help or error, word for word as before.
enum LearnFastPath {
  /// The sub-command names (and `help`): a first argument that is one of them is not a lesson.
  /// `LearnFastPathTests` checks the list against `VirtioTutor.configuration`.
  /// (Arrays, not sets: a `Set<String>` costs 0.4 M instructions of the start-up at its first use.)
  static let commandNames: [String] = [
    "help", "learn", "render", "lessons", "check", "reset", "sandbox", "record", "notes", "trace", "compare", "bench",
    "guest", "inspect",
  ]

  /// The request `arguments` (without the program name) make, or nil when ArgumentParser must read them.
  static func request(_ arguments: [String]) -> LearnRequest? {
    var rest = arguments[...]
    if rest.first == "learn" { rest = rest.dropFirst() }
    var request = LearnRequest()
    var seen: [String] = []
    while let argument = rest.popFirst() {
      guard argument.hasPrefix("--") else {
        // The lesson: once, not empty, not an option, and not a command's name unless after `learn`.
        guard request.lesson == nil, !argument.isEmpty, !argument.hasPrefix("-") else { return nil }
        guard arguments.first == "learn" || !commandNames.contains(argument) else { return nil }
        request.lesson = argument
        continue
      }
      guard !seen.contains(argument), apply(argument, to: &request, values: &rest) else { return nil }
      seen.append(argument)
    }
    return request
  }

  /// Reads one option (and its value from `values`); false when it is not one this path reads.
  private static func apply(_ option: String, to request: inout LearnRequest, values: inout ArraySlice<String>) -> Bool {
    switch option {
    case "--ascii": request.display.ascii = true
    case "--watch": request.watch = true
    case "--present": request.present = true
    case "--screen-reader": request.screenReader = true
    case "--reset-progress": request.resetProgress = true
    case "--step":
      guard let n = values.popFirst().flatMap(wholeNumber) else { return false }
      request.step = n
    case "--bench-frames":
      guard let n = values.popFirst().flatMap(wholeNumber) else { return false }
      request.benchFrames = n
    case "--auto":
      // LearnCommand.validate's range; outside it ArgumentParser reports the error.
      guard let text = values.popFirst(), let seconds = Double(text), seconds > 0, seconds <= 86_400 else { return false }
      request.autoSeconds = seconds
    case "--theme":
      guard let name = values.popFirst().flatMap(plainValue) else { return false }
      request.display.themeName = name
    case "--lessons":
      guard let path = values.popFirst().flatMap(plainValue) else { return false }
      request.display.lessons = path
    default: return false
    }
    return true
  }

  /// A whole number written as digits, with an optional `-` (what `Int(String)` reads, minus the rarer spellings).
  private static func wholeNumber(_ text: String) -> Int? {
    let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
    guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
    return Int(text)
  }

  /// A value ArgumentParser takes as one without question: not empty and not looking like an option.
  private static func plainValue(_ text: String) -> String? {
    text.isEmpty || text.hasPrefix("-") ? nil : text
  }
}
