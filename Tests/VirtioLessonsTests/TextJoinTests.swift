import Testing

@testable import VirtioLessons

/// `joinedText` is the standard library's `joined(separator:)`, written out for the parser's concrete types.
@Suite struct TextJoinTests {
  static let parts: [[String]] = [[], [""], ["a"], ["a", ""], ["", "b"], ["line one", "", "länge ✓", "e\u{301}"], ["x", "y", "z"]]

  @Test(arguments: parts, ["", "\n", ", "])
  func sameAsJoined(parts: [String], separator: String) {
    #expect(parts.joinedText(separator: separator) == parts.joined(separator: separator))
    let substrings = parts.map { Substring($0) }
    #expect(substrings.joinedText(separator: separator) == substrings.joined(separator: separator))
    #expect(substrings.dropFirst().joinedText(separator: separator) == substrings.dropFirst().joined(separator: separator))
  }
}
