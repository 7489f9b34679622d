import Testing

@testable import TermGrid

@Suite struct TextWrapTests {
  @Test func wrapsAtSpaces() {
    #expect(TextWrap.wrap("the driver owns the avail ring", width: 10) == ["the driver", "owns the", "avail ring"])
    #expect(TextWrap.wrap("fits exactly", width: 12) == ["fits exactly"])
  }

  @Test func longWordsAreHardBroken() {
    #expect(TextWrap.wrap("a virtqueue_descriptor b", width: 6) == ["a", "virtqu", "eue_de", "script", "or b"])
  }

  @Test func widthOneAndZeroAndNegative() {
    #expect(TextWrap.wrap("ab c", width: 1) == ["a", "b", "c"])
    #expect(TextWrap.wrap("anything", width: 0) == [])
    #expect(TextWrap.wrap("anything", width: -5) == [])
    #expect(TextWrap.wrap([StyledSpan("x")], width: 0) == [])
  }

  @Test func emptyTextIsOneEmptyLine() {
    #expect(TextWrap.wrap("", width: 10) == [""])
    #expect(TextWrap.wrap([], width: 10) == [[]])
  }

  @Test func newlinesBreakAndBlankLinesSurvive() {
    #expect(TextWrap.wrap("one\n\ntwo three\r\nfour", width: 5) == ["one", "", "two", "three", "four"])
    #expect(TextWrap.wrap("end\n", width: 5) == ["end", ""])
  }

  @Test func spacesAtBreaksAreDroppedIndentationKept() {
    #expect(TextWrap.wrap("  indented text here", width: 10) == ["  indented", "text here"])
    #expect(TextWrap.wrap("a  b", width: 10) == ["a  b"])
    #expect(TextWrap.wrap("word     next", width: 6) == ["word", "next"])
    #expect(TextWrap.wrap("     ", width: 3) == ["   "])
  }

  @Test func controlCharactersAreSanitizedAndTabsExpanded() {
    #expect(TextWrap.wrap("\u{1B}[2J x", width: 10) == ["\u{FFFD}[2J x"])
    #expect(TextWrap.wrap("\tcode", width: 20) == ["    code"])
    #expect(TextWrap.wrap("中", width: 1) == ["\u{FFFD}"])
  }

  @Test func everyLineFits() {
    let text = "Each descriptor points at a buffer in guest memory; the device reads or writes it. "
      + "supercalifragilisticexpialidocious words and\ttabs and\nnew lines."
    for width in 1...40 {
      for line in TextWrap.wrap(text, width: width) {
        #expect(line.unicodeScalars.count <= width)
      }
    }
  }

  @Test func styledSpansWrapAndMerge() {
    let bold = Style(bold: true)
    let spans = [StyledSpan("The "), StyledSpan("used ring", style: bold), StyledSpan(" is written by the device.")]
    let lines = TextWrap.wrap(spans, width: 12)
    #expect(lines == [
      [StyledSpan("The "), StyledSpan("used", style: bold)],
      [StyledSpan("ring", style: bold), StyledSpan(" is")],
      [StyledSpan("written by")],
      [StyledSpan("the device.")],
    ])
  }

  @Test func styledHardBreakKeepsStyles() {
    let code = Style(fg: .yellow)
    let lines = TextWrap.wrap([StyledSpan("ab"), StyledSpan("cdef", style: code)], width: 3)
    #expect(lines == [
      [StyledSpan("ab"), StyledSpan("c", style: code)],
      [StyledSpan("def", style: code)],
    ])
  }

  @Test func styledLinesDrawBackIntoAGrid() {
    var grid = CellGrid(width: 8, height: 3)
    let lines = TextWrap.wrap([StyledSpan("avail ring idx", style: Style(fg: .green))], width: 8)
    for (y, line) in lines.enumerated() {
      grid.put(line, at: Point(x: 0, y: y))
    }
    #expect(grid.lines == ["avail", "ring idx", ""])
    #expect(grid[0, 1].style.fg == .green)
  }
}
