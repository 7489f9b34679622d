import Foundation
import TermGrid
import TutorUI
import VirtioLessons

/// The screen-reader mode (`learn --screen-reader`, or `VIRTIO_TUTOR_SCREEN_READER=1`) and the plain text printed
/// when there is no terminal: one narration (``Narrator``) for both. No alternate screen, no box drawing, no
/// cursor addressing; lines on standard output, commands read a line at a time from standard input.
enum ScreenReaderMode {
  /// Whether the mode is asked for, by the flag or the environment.
  static func requested(flag: Bool, environment: [String: String] = ProcessEnvironment.values(["VIRTIO_TUTOR_SCREEN_READER"])) -> Bool {
    flag || environment["VIRTIO_TUTOR_SCREEN_READER"].map { $0 == "1" || $0.lowercased() == "yes" || $0.lowercased() == "true" } == true
  }

  /// Whether the locale's character set is UTF-8 (`LC_ALL`, else `LC_CTYPE`, else `LANG`, as POSIX orders them).
  static func localeIsUTF8(_ environment: [String: String] = ProcessEnvironment.values(ProcessEnvironment.localeAndColor)) -> Bool {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
    let lowered = locale.lowercased()
    return lowered.contains("utf-8") || lowered.contains("utf8")
  }

  /// Prose in UTF-8 only when the locale is UTF-8 and `--ascii` was not given.
  static func prose(width: Int?, requested: TerminalCapabilities) -> PlainProse {
    PlainProse(width: width, unicode: requested.unicode && localeIsUTF8())
  }

  /// The plain fallback: the whole lesson narrated, with the progress file's problems in one line each.
  static func printLesson(_ lesson: Lesson, requested: TerminalCapabilities) {
    let narrator = Narrator(prose: prose(width: 80, requested: requested), mode: .printed)
    printSafe(narrator.lesson(lesson).joined(separator: "\n"))
  }

  /// Runs the interactive mode until `q` or the end of standard input, saving progress as the tutor does. A
  /// progress-file warning and the first failed save are said once, in one line.
  static func run(
    _ state: TutorState, store: ProgressStore, warning: String?, requested: TerminalCapabilities,
    input: () -> String? = { readLine(strippingNewline: true) }, output: (String) -> Void = say
  ) {
    var session = ScreenReaderSession(
      state: state, narrator: Narrator(prose: prose(width: nil, requested: requested), mode: .interactive))
    let shown = session.narrator.prose
    if let warning { output(shown.shown("Warning: " + warning + ".")) }
    var saveFailed = false
    func save() {
      guard let error = store.save(session.state.progress), !saveFailed else { return }
      saveFailed = true
      output(shown.shown("Warning: " + error + "; progress is not being saved."))
    }
    session.start().forEach(output)
    while let line = input() {
      let (lines, effects) = session.handle(line: line)
      lines.forEach(output)
      for effect in effects {
        switch effect {
        case .saveProgress: save()
        case .quit: return
        case .writeScript: break
        }
      }
    }
    save()
  }

  /// One line to standard output, made terminal-safe and written at once (a reader waits for it).
  static func say(_ line: String) {
    FileHandle.standardOutput.write(Data((TextSanitizer.terminalSafeString(line) + "\n").utf8))
  }
}
