/// How a GFM table column is aligned (from its `:---`, `:---:`, `---:` marker).
public enum TableAlignment: String, Equatable, Hashable, Sendable {
  /// No colon: the renderer's default (left).
  case none
  /// `:---`
  case left
  /// `:---:`
  case center
  /// `---:`
  case right
}
