import Foundation
import Testing
import Yams

@testable import VirtioLessons

/// The front matter's `int` and `null` without regular expressions: the same answers as Yams' default rules.
@Suite struct PlainScalarTypeTests {
  static let samples = [
    "0", "7", "-7", "+7", "1_000", "007", "08", "0o17", "0o", "0o8", "0b101", "0b", "0b2", "0x1F", "0xg", "0x",
    "1:30", "1:60", "1:5:09", "1:", "0:30", "190:20:30", "-1:30", "1:300", "1:3a", "", "~", "null", "Null", "NULL",
    "nULL", "none", "yes", "1.5", "1e3", "12abc", " 1", "1 ", "_1", "1__", "-", "+", "٣", "１",
  ]

  @Test(arguments: samples)
  func agreesWithYamsRules(text: String) throws {
    func matches(_ rule: Resolver.Rule) throws -> Bool {
      try NSRegularExpression(pattern: rule.pattern).firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
    let yams: PlainScalarType = try matches(.int) ? .int : try matches(.null) ? .null : .text
    #expect(PlainScalarType.of(plain: text) == yams, "\(text)")
  }

  /// The plain decimal fast path gives Yams' own integer wherever it answers, and leaves the rest to Yams.
  @Test(arguments: samples + ["-0", "+0", "12", "-12", "99999999999999999999", "9223372036854775807", "-9223372036854775808"])
  func plainDecimalAgreesWithYams(text: String) {
    let scalar = Node.Scalar(text)
    let fast = PlainScalarType.plainDecimal(scalar)
    if let fast { #expect(fast == Int.construct(from: scalar), "\(text)") }
    let decimal = text == "0" || text.wholeMatch(of: /[-+]?[1-9][0-9]*/) != nil
    #expect((fast != nil) == (decimal && Int(text) != nil), "\(text)")
    #expect(PlainScalarType.plainDecimal(Node.Scalar(text, .implicit, .doubleQuoted)) == nil)
  }

  @Test func quotedAndTaggedScalarsKeepTheirTags() throws {
    let (lesson, diagnostics) = LessonParser.parse(text: "---\ntitle: A\norder: \"5\"\n---\nT.\n", file: "t.md")
    #expect(lesson == nil)
    #expect(diagnostics.map(\.message) == ["'order' must be a whole number, not '5'"])
    let (tagged, none) = LessonParser.parse(text: "---\ntitle: A\norder: !!int 5\nminutes: 0x0A\n---\nT.\n", file: "t.md")
    #expect(none == [])
    #expect(tagged?.meta.order == 5)
    #expect(tagged?.meta.minutes == 10)
    let (_, nulls) = LessonParser.parse(text: "---\ntitle: ~\n---\nT.\n", file: "t.md")
    #expect(nulls.map(\.message) == ["'title' must be text, not nothing"])
  }
}
