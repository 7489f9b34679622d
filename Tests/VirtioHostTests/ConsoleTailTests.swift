import Testing
import VirtioHost

/// The tail-keeper behind the error line of an early QEMU exit: exact lines for pieces, line endings, control
/// bytes, long lines and the line still being written.
@Suite struct ConsoleTailTests {
  @Test func keepsTheLastLinesAcrossPieces() {
    var tail = ConsoleTail(lines: 2)
    tail.append(Array("one\ntw".utf8))
    #expect(tail.lines == ["one", "tw"])  // the unfinished line counts
    tail.append(Array("o\nthree\n".utf8))
    #expect(tail.lines == ["two", "three"])
    #expect(tail.summary() == "two | three")
  }

  @Test func serialLineEndingsEscapesControlBytesAndBlankLinesAreNotKept() {
    var tail = ConsoleTail(lines: 3)
    tail.append(Array("\u{1b}[0;31mKernel panic - not syncing: VFS\u{1b}[0m\r\n\r\n   \r\n\tend\u{7}\u{1b}c trace\r\n".utf8))
    #expect(tail.lines == ["Kernel panic - not syncing: VFS", "end trace"])
  }

  @Test func aLongLineKeepsItsStartAndIsMarkedCut() {
    var tail = ConsoleTail(lines: 2, lineLimit: 5)
    tail.append(Array("abcdefgh\nxyz12345".utf8))
    #expect(tail.lines == ["abcde…", "xyz12…"])
  }

  @Test func nothingYetIsSaidSo() {
    let tail = ConsoleTail()
    #expect(tail.lines.isEmpty)
    #expect(tail.summary() == "(nothing)")
    #expect(tail.summary(empty: "") == "")
  }

  @Test func qemusOwnComplaintIsOneLine() {
    var tail = ConsoleTail(lines: 5)
    tail.append(Array("qemu-system-x86_64: -tutor-no-such-option: invalid option\n".utf8))
    #expect(tail.summary() == "qemu-system-x86_64: -tutor-no-such-option: invalid option")
  }
}
