import ArgumentParser
import Foundation
import TermGrid
import TutorUI
import VirtioLessons

/// Theme, glyphs and lesson directory as values: what ``DisplayOptions`` parsed, or what ``LearnFastPath`` read.
struct DisplaySettings: Equatable {
  var themeName = "dark"
  var ascii = false
  var lessons: String?

  func resolvedTheme() throws -> Theme {
    guard let t = Theme.named(themeName) else {
      throw ValidationError("unknown theme '\(themeName)'; choose dark, light, terminal or projector")
    }
    return t
  }

  /// What the user asked for and the environment allows (`--ascii`, a non-UTF-8 locale, NO_COLOR); the terminal
  /// narrows it further (has_colors).
  var requestedCapabilities: TerminalCapabilities {
    TerminalCapabilities.requested(ascii: ascii, environment: ProcessEnvironment.values(ProcessEnvironment.localeAndColor))
  }

  /// For a file (a recording): the locale of the machine that writes it does not matter, only `--ascii` and NO_COLOR.
  var fileCapabilities: TerminalCapabilities {
    var environment = ProcessEnvironment.values(ProcessEnvironment.localeAndColor)
    environment["LC_ALL"] = ascii ? "C" : "C.UTF-8"
    return TerminalCapabilities.requested(environment: environment)
  }

  /// The lessons that parsed; problems go to standard error (run `virtio-tutor check` for details).
  /// - Parameter deferringBodies: parse each lesson's body only when it is opened (the tutor's start-up).
  func loadLessons(deferringBodies: Bool = false) throws -> [Lesson] {
    try lessons(from: LessonFiles.load(option: lessons, deferringBodies: deferringBodies))
  }

  /// The tutor's catalog of `directory` (already resolved), through the head cache; problems as above.
  func loadLessons(directory: String) throws -> [Lesson] {
    try lessons(from: LessonHeadStore.load(directory: directory))
  }

  private func lessons(from result: LessonLoader.Result) throws -> [Lesson] {
    let errors = result.diagnostics.filter(\.isError)
    if !errors.isEmpty {
      printError("virtio-tutor: \(errors.count) problem(s) in the lessons (run `virtio-tutor check`); first: \(errors[0])")
    }
    guard !result.catalog.lessons.isEmpty else { throw CLIError("no lessons could be loaded") }
    return result.catalog.lessons
  }
}
