import Testing

@testable import TermGrid

@Suite struct BoxTests {
  @Test func unicodeBoxWithTitle() {
    var grid = CellGrid(width: 12, height: 4)
    let inner = grid.drawBox(grid.bounds, title: "avail")
    #expect(inner == Rect(x: 1, y: 1, width: 10, height: 2))
    #expect(grid.lines == [
      "┌─ avail ──┐",
      "│          │",
      "│          │",
      "└──────────┘",
    ])
  }

  @Test func asciiBox() {
    var grid = CellGrid(width: 8, height: 3)
    grid.drawBox(grid.bounds, title: "ok", glyphs: .ascii)
    #expect(grid.lines == [
      "+- ok -+",
      "|      |",
      "+------+",
    ])
  }

  @Test func longTitleIsCutBeforeTheCorner() {
    var grid = CellGrid(width: 9, height: 2)
    grid.drawBox(grid.bounds, title: "descriptor table")
    #expect(grid.lines == ["┌─ descr┐", "└───────┘"])
  }

  @Test func narrowBoxesKeepTheirCorners() {
    var grid = CellGrid(width: 4, height: 2)
    grid.drawBox(grid.bounds, title: "xyz")
    #expect(grid.lines == ["┌ x┐", "└──┘"])
    var two = CellGrid(width: 2, height: 2)
    two.drawBox(two.bounds, title: "t")
    #expect(two.lines == ["┌┐", "└┘"])
  }

  @Test func degenerateBoxesAreLines() {
    var grid = CellGrid(width: 4, height: 3)
    grid.drawBox(Rect(x: 0, y: 0, width: 4, height: 1))
    grid.drawBox(Rect(x: 3, y: 1, width: 1, height: 2))
    grid.drawBox(Rect(x: 1, y: 1, width: 0, height: 2))
    #expect(grid.lines == ["────", "   │", "   │"])
  }

  @Test func boxPartlyOutsideTheGridIsClipped() {
    var grid = CellGrid(width: 5, height: 3)
    grid.drawBox(Rect(x: 2, y: -1, width: 6, height: 3), title: "t")
    #expect(grid.lines == ["  │", "  └──", ""])
  }

  @Test func boxStylesAndTitleStyle() {
    var grid = CellGrid(width: 10, height: 3)
    let border = Style(fg: .blue)
    let title = Style(bold: true)
    grid.drawBox(grid.bounds, title: "ring", style: border, titleStyle: title)
    #expect(grid[0, 0].style == border)
    #expect(grid[3, 0].style == title)
    #expect(grid[2, 0].style == title)  // the padding space before the title
    #expect(grid[9, 2].style == border)
    #expect(grid[4, 1].style == .plain)
  }

  @Test func dividersJoinTheBox() {
    var grid = CellGrid(width: 7, height: 5)
    let box = grid.bounds
    grid.drawBox(box)
    grid.drawHorizontalDivider(in: box, atRow: 2)
    grid.drawVerticalDivider(in: box, atColumn: 3)
    grid[3, 2] = Cell(BoxGlyphs.unicode.cross)
    grid.drawHorizontalDivider(in: box, atRow: 0)  // on the border: ignored
    #expect(grid.lines == [
      "┌──┬──┐",
      "│  │  │",
      "├──┼──┤",
      "│  │  │",
      "└──┴──┘",
    ])
  }

  @Test func roundedAndLines() {
    var grid = CellGrid(width: 5, height: 4)
    grid.drawBox(Rect(x: 0, y: 0, width: 5, height: 3), glyphs: .rounded)
    grid.drawHorizontalLine(from: Point(x: -2, y: 3), length: 4, glyphs: .ascii)
    #expect(grid.lines == ["╭───╮", "│   │", "╰───╯", "--"])
  }
}
