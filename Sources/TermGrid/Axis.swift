/// The direction along which ``Rect/split(_:_:)`` lays out its parts.
public enum Axis: Hashable, Sendable {
  /// Parts side by side, left to right (constraints size the widths).
  case horizontal
  /// Parts stacked top to bottom (constraints size the heights).
  case vertical
}
