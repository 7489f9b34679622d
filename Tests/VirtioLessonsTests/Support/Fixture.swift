import Foundation
import VirtioLessons

/// Reads lesson fixtures from the test bundle's `Fixtures/` directory.
enum Fixture {
  static func bytes(_ path: String) -> [UInt8] {
    guard let root = Bundle.module.resourceURL?.appendingPathComponent("Fixtures"),
      let data = try? Data(contentsOf: root.appendingPathComponent(path))
    else { return [] }
    return Array(data)
  }

  /// Parses fixture `path`, naming the file `path` in positions.
  static func parse(_ path: String) -> (Lesson?, [String]) {
    let (lesson, diagnostics) = LessonParser.parse(bytes: bytes(path), file: path)
    return (lesson, diagnostics.map(\.description))
  }
}

/// Parses an inline lesson; positions use `t.md`.
func parse(_ text: String) -> (Lesson?, [String]) {
  let (lesson, diagnostics) = LessonParser.parse(text: text, file: "t.md")
  return (lesson, diagnostics.map(\.description))
}

/// A minimal front matter followed by `body`.
func lesson(_ body: String) -> String { "---\ntitle: T\n---\n" + body }
