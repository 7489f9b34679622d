import Testing

@testable import TermGrid

@Suite struct GeometryTests {
  @Test func negativeSizesClampToZero() {
    let rect = Rect(x: 3, y: 4, width: -5, height: -1)
    #expect(rect.width == 0 && rect.height == 0)
    #expect(rect.isEmpty)
    #expect(Size(width: -1, height: 7) == Size(width: 0, height: 7))
  }

  @Test func insetNeverGoesNegative() {
    let rect = Rect(x: 0, y: 0, width: 3, height: 2)
    #expect(rect.inset(by: 1) == Rect(x: 1, y: 1, width: 1, height: 0))
    #expect(rect.inset(by: 10).isEmpty)
    #expect(rect.inset(by: 10).maxX <= rect.maxX)
    #expect(rect.inset(horizontal: 1) == Rect(x: 1, y: 0, width: 1, height: 2))
    #expect(rect.inset(by: -1) == Rect(x: -1, y: -1, width: 5, height: 4))
  }

  @Test func intersection() {
    let a = Rect(x: 0, y: 0, width: 10, height: 5)
    #expect(a.intersection(Rect(x: 5, y: 3, width: 10, height: 10)) == Rect(x: 5, y: 3, width: 5, height: 2))
    #expect(a.intersection(Rect(x: 20, y: 0, width: 5, height: 5)).isEmpty)
  }

  @Test func edgesAndCentering() {
    let r = Rect(x: 2, y: 1, width: 10, height: 6)
    #expect(r.top(2) == Rect(x: 2, y: 1, width: 10, height: 2))
    #expect(r.bottom(9) == r)
    #expect(r.right(3) == Rect(x: 9, y: 1, width: 3, height: 6))
    #expect(r.left(-1).isEmpty)
    #expect(r.centered(Size(width: 4, height: 2)) == Rect(x: 5, y: 3, width: 4, height: 2))
    #expect(r.centered(Size(width: 40, height: 20)) == r)
    #expect(r.contains(Point(x: 2, y: 1)) && !r.contains(Point(x: 12, y: 1)))
  }

  @Test func extremeCoordinatesDoNotTrap() {
    let r = Rect(x: Int.max, y: Int.min, width: Int.max, height: Int.max)
    _ = r.maxX
    _ = r.maxY
    _ = r.inset(by: Int.min)
    _ = r.offsetBy(dx: Int.max, dy: Int.min)
    _ = Point(x: Int.max, y: 0).offsetBy(dx: 1)
    _ = r.split(.horizontal, [.percent(50), .fill(1)])
  }
}

@Suite struct RectSplitTests {
  let area = Rect(x: 2, y: 3, width: 80, height: 24)

  @Test func fixedAndFill() {
    let rows = area.split(.vertical, [.length(1), .fill(1), .length(1)])
    #expect(rows == [
      Rect(x: 2, y: 3, width: 80, height: 1),
      Rect(x: 2, y: 4, width: 80, height: 22),
      Rect(x: 2, y: 26, width: 80, height: 1),
    ])
  }

  @Test func percentAndFillWeights() {
    let columns = area.split(.horizontal, [.percent(25), .fill(1), .fill(2)])
    #expect(columns.map(\.width) == [20, 20, 40])
    #expect(columns.map(\.x) == [2, 22, 42])
  }

  @Test func remainderGoesToLargestShareThenEarliest() {
    #expect(Rect(x: 0, y: 0, width: 10, height: 1).split(.horizontal, [.fill(1), .fill(1), .fill(1)]).map(\.width) == [4, 3, 3])
    #expect(Rect(x: 0, y: 0, width: 11, height: 1).split(.horizontal, [.fill(1), .fill(1), .fill(1)]).map(\.width) == [4, 4, 3])
  }

  @Test func minGetsAtLeastItsLengthAndShares() {
    let parts = Rect(x: 0, y: 0, width: 30, height: 1).split(.horizontal, [.min(20), .fill(1)])
    #expect(parts.map(\.width) == [25, 5])
  }

  @Test func overflowCutsLaterParts() {
    let parts = Rect(x: 0, y: 0, width: 10, height: 1).split(.horizontal, [.length(6), .length(6), .fill(1)])
    #expect(parts.map(\.width) == [6, 4, 0])
    #expect(parts[2].x == 10)
  }

  @Test func leftoverWithoutFillStaysUnassigned() {
    let parts = Rect(x: 0, y: 0, width: 10, height: 1).split(.horizontal, [.length(3), .percent(50)])
    #expect(parts.map(\.width) == [3, 5])
  }

  @Test func negativeAndOddValuesClamp() {
    let parts = Rect(x: 0, y: 0, width: 10, height: 1).split(.horizontal, [.length(-4), .percent(250), .fill(-3)])
    #expect(parts.map(\.width) == [0, 10, 0])
    #expect(Rect.zero.split(.vertical, [.fill(1), .length(3)]).map(\.height) == [0, 0])
    #expect(area.split(.vertical, []).isEmpty)
  }

  @Test(arguments: [0, 1, 7, 24, 80, 213])
  func splitsWithAFillAlwaysSumToTheWhole(total: Int) {
    let rect = Rect(x: 0, y: 0, width: total, height: 1)
    let constraintSets: [[Constraint]] = [
      [.fill(1)],
      [.length(3), .fill(1), .length(2)],
      [.percent(33), .fill(2), .fill(1), .min(2)],
      [.min(5), .min(5)],
      [.percent(60), .percent(60), .fill(1)],
    ]
    for constraints in constraintSets {
      let parts = rect.split(.horizontal, constraints)
      #expect(parts.count == constraints.count)
      #expect(parts.map(\.width).reduce(0, +) == total, "\(constraints)")
      for (a, b) in zip(parts, parts.dropFirst()) {
        #expect(a.maxX == b.minX)
      }
    }
  }
}
