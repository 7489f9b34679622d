import Foundation
import TermGrid
import Testing
import VirtioLessons

@testable import TutorUI

/// The one key table: the reducer, the help, the status line and the README agree with it.
@Suite struct KeyTableTests {
  /// A key as the README and the help spell it (`→`, `Space`, `PgDn`, `Ctrl-C`, a character).
  static func key(_ token: String) -> Key? {
    let named: [String: Key] = [
      "→": .right, "←": .left, "↑": .up, "↓": .down, "Space": .character(" "), "PgDn": .pageDown, "PgUp": .pageUp,
      "Enter": .enter, "Backspace": .backspace, "Home": .home, "End": .end, "Tab": .tab, "Esc": .escape,
      "Ctrl-C": .ctrl("c"), "F5": .function(5),
    ]
    if let key = named[token] { return key }
    return token.count == 1 ? .character(token.first!) : nil
  }

  /// The backticked keys of the first column of README's "In the tutor" table, row by row.
  static func readmeRows() throws -> [[String]] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let text = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    guard let start = text.range(of: "## In the tutor") else { return [] }
    let section = text[start.upperBound...].prefix { _ in true }
    var rows: [[String]] = []
    for line in section.split(separator: "\n") {
      if line.hasPrefix("## ") { break }
      guard line.hasPrefix("| `") || line.hasPrefix("| digits") else { continue }
      let first = line.split(separator: "|", omittingEmptySubsequences: true).first ?? ""
      let tokens = first.split(separator: "`", omittingEmptySubsequences: false).enumerated()
        .filter { $0.offset % 2 == 1 }.map { String($0.element) }
      rows.append(tokens)
    }
    return rows
  }

  @Test func everyHelpKeyIsBoundAndEveryBindingIsInTheHelp() {
    for row in KeyTable.rows {
      let tokens = row.label.split(separator: " ").map(String.init)
      let named = Set(tokens.filter { $0 != "0-9" }.compactMap(Self.key))
      #expect(named.count == tokens.filter { $0 != "0-9" }.count, "\(row.label)")
      for key in named { #expect(KeyMap.intent(for: key) != .none, "\(key) (\(row.action))") }
      // The help names every key of its row except the aliases it documents by example (0-9, `=`, `>`, `<`).
      for binding in row.bindings {
        #expect(binding.keys.contains { named.contains($0) } || tokens.contains("0-9"), "\(row.label): \(binding.intent)")
      }
    }
    #expect(KeyMap.intent(for: .function(5)) == .none)
    #expect(KeyMap.intent(for: .character("=")) == .faster)
    #expect(KeyMap.intent(for: .character("7")) == .goToDigit(7))
    #expect(KeyMap.clickerIntent(for: .character("b")) == .toggleBlank)
    #expect(KeyMap.clickerIntent(for: .character("q")) == nil)
  }

  @Test func theStatusLineHintsComeFromTheTable() {
    #expect(StatusBar.hints == [
      "→/Space next", "← back", "s play/pause", "e/E step", "+/- speed", "r replay", "i lessons", "? help", "q quit",
    ])
    for hint in StatusBar.hints {
      let keys = hint.split(separator: " ").first.map(String.init) ?? ""
      for token in keys.split(separator: "/").map(String.init) {
        #expect(Self.key(token).map { KeyMap.intent(for: $0) != .none } ?? false, "\(hint)")
      }
    }
  }

  /// README's key table names exactly the intents the table binds, and every key it names does what the table says.
  @Test func theReadmeKeyTableMatchesTheKeyTable() throws {
    let rows = try Self.readmeRows()
    #expect(rows.count >= 10)
    var readmeIntents: [String] = []
    for tokens in rows {
      for token in tokens {
        guard let key = Self.key(token) else {
          Issue.record("README key `\(token)` is not a key")
          continue
        }
        let intent = KeyMap.intent(for: key)
        #expect(intent != .none, "README key `\(token)` does nothing")
        readmeIntents.append("\(intent)")
      }
    }
    let tableIntents = Set(KeyTable.rows.flatMap(\.bindings).map(\.intent).filter {
      if case .goToDigit = $0 { return false }
      return true
    }.map { "\($0)" })
    #expect(Set(readmeIntents).subtracting(["goToDigit(0)"]) == tableIntents)
    // Every key the help shows is in the README.
    let readmeKeys = Set(rows.flatMap { $0 })
    for row in KeyTable.rows {
      for token in row.label.split(separator: " ").map(String.init) where token != "0-9" {
        #expect(readmeKeys.contains(token), "`\(token)` (\(row.action)) is missing from README's key table")
      }
    }
  }
}

/// The picture registry covers every visualisation kind.
@Suite struct PictureRegistryTests {
  @Test func everyViewHasAPane() {
    for view in LessonView.allCases {
      #expect(PictureRegistry.pictures[view] != nil, "\(view)")
    }
  }
}
