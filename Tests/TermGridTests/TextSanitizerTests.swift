import Testing

@testable import TermGrid

@Suite struct TextSanitizerTests {
  let r = "\u{FFFD}"

  @Test func escapeAndCSISequencesAreDefused() {
    #expect(TextSanitizer.sanitizedString("\u{1B}[31mred\u{1B}[0m") == "\(r)[31mred\(r)[0m")
    #expect(TextSanitizer.sanitizedString("\u{1B}]0;title\u{7}") == "\(r)]0;title\(r)")
    #expect(TextSanitizer.sanitizedString("\u{1B}[?1049l") == "\(r)[?1049l")
  }

  @Test func c0DelAndC1AreReplaced() {
    for value: UInt32 in Array(0x00...0x08) + Array(0x0A...0x1F) + [0x7F] + Array(0x80...0x9F) {
      let text = String(Character(Unicode.Scalar(value)!))
      #expect(TextSanitizer.sanitizedString(text) == r, "U+\(String(value, radix: 16))")
    }
    #expect(TextSanitizer.sanitizedString("a\u{9B}2Jb") == "a\(r)2Jb")  // 8-bit CSI
    #expect(TextSanitizer.sanitizedString("line\nnext\r") == "line\(r)next\(r)")
    #expect(TextSanitizer.sanitizedString("\u{2028}") == r)
  }

  @Test func tabsExpandToTabStops() {
    #expect(TextSanitizer.sanitizedString("\tx") == "    x")
    #expect(TextSanitizer.sanitizedString("ab\tc") == "ab  c")
    #expect(TextSanitizer.sanitizedString("abcd\te", tabWidth: 4) == "abcd    e")
    #expect(TextSanitizer.sanitizedString("a\tb", tabWidth: 8) == "a       b")
    #expect(TextSanitizer.sanitizedString("a\tb", tabWidth: 0) == "a b")
  }

  @Test func wideAndZeroWidthCharactersBecomePlaceholders() {
    #expect(TextSanitizer.sanitizedString("中文") == "\(r)\(r)")
    #expect(TextSanitizer.sanitizedString("ok 😀!") == "ok \(r)!")
    #expect(TextSanitizer.sanitizedString("e\u{301}") == "e\(r)")  // combining acute
    #expect(TextSanitizer.sanitizedString("a\u{200B}b") == "a\(r)b")  // zero-width space
    #expect(TextSanitizer.sanitizedString("\u{FF21}") == r)  // fullwidth A
    #expect(TextSanitizer.sanitizedString("\u{3000}") == r)  // ideographic space
    #expect(TextSanitizer.sanitizedString("🇩🇪") == "\(r)\(r)")
  }

  @Test func singleWidthTextPassesThrough() {
    let text = "é ✓ ─│┌┐└┘├┤┬┴┼ ▁▂▃▄▅▆▇█ • … → αβγ Привет"
    #expect(TextSanitizer.sanitizedString(text) == text)
    #expect(TextSanitizer.isSafe(text))
    #expect(!TextSanitizer.isSafe("bell\u{7}"))
    #expect(TextSanitizer.isSafe("tab\tok"))
  }

  @Test func displayWidths() {
    #expect(TextSanitizer.displayWidth(of: "a") == 1)
    #expect(TextSanitizer.displayWidth(of: "\u{1B}") == -1)
    #expect(TextSanitizer.displayWidth(of: "\u{301}") == 0)
    #expect(TextSanitizer.displayWidth(of: "中") == 2)
    #expect(TextSanitizer.displayWidth(of: "😀") == 2)
    #expect(TextSanitizer.displayWidth(of: "─") == 1)
  }

  @Test func everySanitizedScalarIsOneCell() {
    var all = String.UnicodeScalarView()
    for value in stride(from: 0, to: 0x3_0000, by: 7) {
      if let scalar = Unicode.Scalar(UInt32(value)) { all.append(scalar) }
    }
    let cells = TextSanitizer.sanitize(String(all))
    #expect(cells.allSatisfy { TextSanitizer.displayWidth(of: $0) == 1 })
  }

  @Test func asciiFallbacks() {
    #expect(TextSanitizer.asciiString("┌─┐│└┘├┼ ▇ • → ✓ é \u{1B}") == "+-+|++++ # * > v ? ?")
    #expect(TextSanitizer.asciiString("plain") == "plain")
    #expect(TextSanitizer.asciiFallback(for: "═") == "-")
    #expect(TextSanitizer.asciiFallback(for: "║") == "|")
  }
}
