import TermGrid

extension PaneContext {
  /// The legend of a concealed value (`?`: the count the step's exercise asks for, shown after the answer), drawn
  /// in the bottom border of the pane box `area`.
  func drawConcealLegend(in area: Rect, into grid: inout CellGrid) {
    let legend = " ? = your answer first "
    let x = area.maxX - 1 - legend.count
    guard x > area.x, area.height >= 2 else { return }
    grid.put(legend, at: Point(x: x, y: area.maxY - 1), style: style(.strong), clip: area)
  }
}
