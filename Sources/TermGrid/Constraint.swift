/// How much of the available length one part of a ``Rect/split(_:_:)`` gets.
///
/// Space is handed out in this order:
/// 1. `.length(n)` gets exactly `n`, `.percent(p)` gets `p`% of the whole (rounded down),
///    `.min(n)` gets `n`. If these alone exceed the whole, later parts are cut short.
/// 2. What is left is shared among `.fill(weight)` parts (by weight) and `.min` parts
///    (weight 1 each), largest remainder first, ties to the earlier part.
/// 3. With no `.fill`/`.min` parts, any leftover stays unassigned after the last part.
///
/// Negative numbers count as zero; percentages are clamped to 0...100.
public enum Constraint: Hashable, Sendable {
  /// Exactly this many cells (if they fit).
  case length(Int)
  /// This percentage of the whole length, rounded down.
  case percent(Int)
  /// A share of the leftover space proportional to the weight.
  case fill(Int)
  /// At least this many cells, plus a weight-1 share of the leftover space.
  case min(Int)
}
