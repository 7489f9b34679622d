import Testing

@testable import TermGrid

/// The one rule for glyphs from the environment (issue 10 item 14: a non-UTF-8 locale drew Unicode).
@Suite struct TerminalCapabilitiesTests {
  @Test func onlyAUTF8CodesetAllowsUnicode() {
    for name in ["C.UTF-8", "en_US.UTF-8", "de_DE.utf8", "C.utf8", "fr_FR.UTF-8@euro"] {
      #expect(TerminalCapabilities.localeIsUTF8(["LANG": name]), "\(name)")
    }
    for name in ["C", "POSIX", "en_US", "en_US.ISO-8859-1", "ja_JP.eucJP", "", "UTF-8", "C.UTF-16"] {
      #expect(!TerminalCapabilities.localeIsUTF8(["LANG": name]), "\(name)")
    }
    #expect(!TerminalCapabilities.localeIsUTF8([:]))  // no locale at all is the "C" locale
  }

  @Test func lcAllThenLcCtypeThenLangDecide() {
    #expect(!TerminalCapabilities.localeIsUTF8(["LC_ALL": "POSIX", "LC_CTYPE": "C.UTF-8", "LANG": "C.UTF-8"]))
    #expect(!TerminalCapabilities.localeIsUTF8(["LC_CTYPE": "C", "LANG": "en_US.UTF-8"]))
    #expect(TerminalCapabilities.localeIsUTF8(["LC_ALL": "", "LC_CTYPE": "C.UTF-8", "LANG": "C"]))  // empty is unset
    #expect(TerminalCapabilities.localeIsUTF8(["LC_ALL": "en_GB.UTF-8", "LANG": "C"]))
  }

  @Test func requestedCombinesTheFlagTheLocaleAndNoColor() {
    #expect(TerminalCapabilities.requested(environment: ["LANG": "C.UTF-8"]) == .full)
    #expect(TerminalCapabilities.requested(environment: ["LANG": "C"]) == TerminalCapabilities(unicode: false, color: true))
    #expect(TerminalCapabilities.requested(ascii: true, environment: ["LANG": "C.UTF-8"]).unicode == false)
    #expect(TerminalCapabilities.requested(environment: ["LANG": "C.UTF-8", "NO_COLOR": "1"]).color == false)
    let ascii = TerminalCapabilities.requested(environment: ["LC_ALL": "POSIX"])
    for glyph in ["┌", "─", "│", "→", "←", "…", "×", "·", "▶", "●"].flatMap(\.unicodeScalars) {
      #expect(ascii.effective(glyph).isASCII, "\(glyph)")
    }
  }
}
