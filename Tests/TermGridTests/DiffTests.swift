import Testing

@testable import TermGrid

@Suite struct DiffTests {
  let base = CellGrid(lines: ["┌──┐", "│ab│", "└──┘"])

  @Test func identicalGridsHaveNoChanges() {
    #expect(base.changes(since: base) == [])
  }

  @Test func oneChangedCellIsOneChange() {
    var next = base
    next.put("x", at: Point(x: 2, y: 1))
    #expect(next.changes(since: base) == [StyleRun(origin: Point(x: 2, y: 1), style: .plain, characters: ["x"])])
  }

  @Test func aStyleOnlyChangeCounts() {
    var next = base
    next.restyle(Rect(x: 1, y: 1, width: 2, height: 1)) { $0.reverse = true }
    #expect(next.changes(since: base) == [
      StyleRun(origin: Point(x: 1, y: 1), style: Style(reverse: true), characters: ["a", "b"])
    ])
  }

  @Test func adjacentChangesSplitByStyleAndGaps() {
    var previous = CellGrid(width: 8, height: 2)
    previous.put("........", at: .zero)
    var next = previous
    next.put("ab", at: Point(x: 0, y: 0))
    next.put("c", at: Point(x: 2, y: 0), style: Style(bold: true))
    next.put("d", at: Point(x: 5, y: 0))
    next.put("e", at: Point(x: 7, y: 1))
    #expect(next.changes(since: previous) == [
      StyleRun(origin: Point(x: 0, y: 0), style: .plain, characters: ["a", "b"]),
      StyleRun(origin: Point(x: 2, y: 0), style: Style(bold: true), characters: ["c"]),
      StyleRun(origin: Point(x: 5, y: 0), style: .plain, characters: ["d"]),
      StyleRun(origin: Point(x: 7, y: 1), style: .plain, characters: ["e"]),
    ])
  }

  @Test func sizeChangeMeansEverything() {
    let bigger = CellGrid(lines: ["┌──┐ ", "│ab│ ", "└──┘ "])
    let changes = bigger.changes(since: base)
    #expect(changes == bigger.allRuns())
    #expect(changes.map(\.count).reduce(0, +) == bigger.size.area)
  }

  @Test func applyingChangesReproducesTheGrid() {
    var next = base
    next.put("zz", at: Point(x: 1, y: 1), style: Style(fg: .red))
    next.drawHorizontalLine(from: Point(x: 0, y: 2), length: 4, glyphs: .ascii)
    var replay = base
    replay.apply(next.changes(since: base))
    #expect(replay == next)
  }

  @Test func runsAreMaximalPerStyle() {
    var grid = CellGrid(width: 6, height: 1)
    grid.put("ab", at: Point(x: 1, y: 0), style: Style(fg: .cyan))
    #expect(grid.runs(row: 0) == [
      StyleRun(origin: Point(x: 0, y: 0), style: .plain, characters: [" "]),
      StyleRun(origin: Point(x: 1, y: 0), style: Style(fg: .cyan), characters: ["a", "b"]),
      StyleRun(origin: Point(x: 3, y: 0), style: .plain, characters: [" ", " ", " "]),
    ])
    #expect(grid.runs(row: 0)[1].text == "ab")
    #expect(grid.runs(row: 1) == [])
    #expect(grid.runs(row: -1) == [])
    #expect(CellGrid(width: 0, height: 3).runs(row: 0) == [])
  }
}
