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
  }
}
