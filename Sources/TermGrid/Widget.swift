/// Something that draws itself into a rectangle of a ``CellGrid``.
///
/// Widgets are plain values; `render` must stay inside `area` (pass it as `clip:`).
public protocol Widget {
  func render(in area: Rect, into grid: inout CellGrid)
}

extension CellGrid {
  /// Renders `widget` into `area`.
  public mutating func render(_ widget: some Widget, in area: Rect) {
    widget.render(in: area, into: &self)
  }
}
