import Testing

@testable import TermGrid

@Suite struct CellGridPutTests {
  @Test func putWritesTextAndReturnsAdvance() {
    var grid = CellGrid(width: 8, height: 2)
    let used = grid.put("ring", at: Point(x: 1, y: 1), style: Style(bold: true))
    #expect(used == 4)
    #expect(grid.lines == ["", " ring"])
    #expect(grid[1, 1].style.bold)
    #expect(!grid[0, 1].style.bold)
  }

  @Test func putClipsAtTheRightEdge() {
    var grid = CellGrid(width: 5, height: 1)
    #expect(grid.put("abcdefgh", at: Point(x: 2, y: 0)) == 8)
    #expect(grid.lines == ["  abc"])
  }

  @Test func putClipsNegativeX() {
    var grid = CellGrid(width: 5, height: 1)
    grid.put("abcdefgh", at: Point(x: -3, y: 0))
    #expect(grid.lines == ["defgh"])
  }

  @Test func putOutsideRowsDoesNothing() {
    var grid = CellGrid(width: 4, height: 2)
    grid.put("top", at: Point(x: 0, y: -1))
    grid.put("low", at: Point(x: 0, y: 2))
    #expect(grid == CellGrid(width: 4, height: 2))
  }

  @Test(arguments: [
    Point(x: Int.min, y: 0), Point(x: Int.max, y: 0), Point(x: 0, y: Int.min),
    Point(x: 0, y: Int.max), Point(x: Int.max, y: Int.max), Point(x: -1_000_000, y: -1),
  ])
  func putAtExtremeCoordinatesNeverTraps(point: Point) {
    var grid = CellGrid(width: 3, height: 3)
    #expect(grid.put("xyz", at: point) == 3)
    #expect(grid == CellGrid(width: 3, height: 3))
  }

  @Test func putOnEmptyGridsIsHarmless() {
    var empty = CellGrid(width: 0, height: 0)
    empty.put("hello", at: .zero)
    empty.fill(Rect(x: -5, y: -5, width: 10, height: 10), character: "#")
    empty.drawBox(Rect(x: 0, y: 0, width: 3, height: 3), title: "t")
    #expect(empty.lines == [])
    #expect(empty.text == "")
    var one = CellGrid(width: 1, height: 1)
    one.drawBox(one.bounds, title: "title")
    one.put("abc", at: .zero)
    #expect(one.lines == ["a"])
  }

  @Test func putRespectsTheClipRect() {
    var grid = CellGrid(width: 10, height: 3)
    let clip = Rect(x: 2, y: 1, width: 4, height: 1)
    grid.put("0123456789", at: Point(x: 0, y: 1), clip: clip)
    grid.put("never", at: Point(x: 2, y: 0), clip: clip)
    #expect(grid.lines == ["", "  2345", ""])
  }

  @Test func clipOutsideTheGridIsIntersected() {
    var grid = CellGrid(width: 4, height: 1)
    grid.put("abcdef", at: Point(x: 0, y: 0), clip: Rect(x: -10, y: -10, width: 100, height: 100))
    #expect(grid.lines == ["abcd"])
  }

  @Test func putSanitizesEscapeSequences() {
    var grid = CellGrid(width: 12, height: 1)
    grid.put("a\u{1B}[2Jb", at: .zero)
    #expect(grid.lines == ["a\u{FFFD}[2Jb"])
    #expect(grid.cells.allSatisfy { TextSanitizer.displayWidth(of: $0.character) == 1 })
  }

  @Test func putSpansAdvanceAcrossStyles() {
    var grid = CellGrid(width: 20, height: 1)
    let used = grid.put([StyledSpan("idx "), StyledSpan("3", style: Style(fg: .cyan, bold: true)), StyledSpan(" free")], at: Point(x: -2, y: 0))
    #expect(used == 10)
    #expect(grid.lines == ["x 3 free"])
    #expect(grid[2, 0].style == Style(fg: .cyan, bold: true))
  }

  @Test func subscriptOutOfBoundsReadsBlankAndIgnoresWrites() {
    var grid = CellGrid(width: 2, height: 2)
    grid[5, 5] = Cell("x")
    grid[-1, 0] = Cell("x")
    #expect(grid[5, 5] == .blank)
    #expect(grid == CellGrid(width: 2, height: 2))
    grid[1, 1] = Cell("\u{7}")
    #expect(grid[1, 1].character == TextSanitizer.replacement)
  }

  @Test func fillRestyleAndBlit() {
    var grid = CellGrid(width: 6, height: 3)
    grid.fill(Rect(x: 4, y: 1, width: 5, height: 5), style: Style(fg: .red), character: "#")
    #expect(grid.lines == ["", "    ##", "    ##"])
    grid.restyle(Rect(x: 0, y: 2, width: 5, height: 1)) { $0.reverse = true }
    #expect(grid[4, 2].style == Style(fg: .red, reverse: true))
    #expect(grid[0, 2].style == Style(reverse: true))
    var pane = CellGrid(lines: ["ab", "cd"])
    pane[0, 0] = Cell("A", style: Style(bold: true))
    grid.blit(pane, at: Point(x: -1, y: 2))
    #expect(grid.lines == ["", "    ##", "b   ##"])
    #expect(grid[0, 2].style == .plain)
  }

  @Test func initFromLinesMatchesDrawnGrid() {
    var grid = CellGrid(width: 5, height: 2)
    grid.put("ab", at: .zero)
    grid.put("cdefg", at: Point(x: 0, y: 1))
    #expect(grid == CellGrid(lines: ["ab", "cdefg"]))
    #expect(grid.text == "ab\ncdefg")
    #expect(CellGrid(lines: []).size == .zero)
  }

  @Test func debugDescriptionListsStyledRuns() {
    var grid = CellGrid(width: 4, height: 1)
    grid.put("ok", at: Point(x: 1, y: 0), style: Style(fg: .green, bold: true))
    #expect(grid.debugDescription == "CellGrid 4×1\n| ok\n  (1, 0) fg:green+bold \"ok\"")
  }
}
