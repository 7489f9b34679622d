extension Rect {
  /// Splits this rect into one part per constraint, along `axis`, in order and without gaps.
  ///
  /// See ``Constraint`` for how space is shared. Parts that get no space are empty rects
  /// positioned at the far edge, so the result always has `constraints.count` elements.
  ///
  /// ```swift
  /// let columns = area.split(.horizontal, [.percent(60), .fill(1)])
  /// ```
  public func split(_ axis: Axis, _ constraints: [Constraint]) -> [Rect] {
    let total = axis == .horizontal ? width : height
    let lengths = Rect.distribute(total, constraints)
    var parts: [Rect] = []
    parts.reserveCapacity(lengths.count)
    var offset = 0
    for length in lengths {
      switch axis {
      case .horizontal:
        parts.append(Rect(x: x + offset, y: y, width: length, height: height))
      case .vertical:
        parts.append(Rect(x: x, y: y + offset, width: width, height: length))
      }
      offset += length
    }
    return parts
  }

  /// The lengths `split` hands out; their sum never exceeds `total`.
  static func distribute(_ total: Int, _ constraints: [Constraint]) -> [Int] {
    var remaining = Swift.max(0, total)
    var lengths = [Int](repeating: 0, count: constraints.count)
    var weights = [Int](repeating: 0, count: constraints.count)

    // Pass 1: fixed requests, first come first served.
    for (i, constraint) in constraints.enumerated() {
      let request: Int
      switch constraint {
      case .length(let n): request = Swift.max(0, n)
      case .percent(let p): request = Swift.max(0, total) * p.clamped(to: 0...100) / 100
      case .min(let n):
        request = Swift.max(0, n)
        weights[i] = 1
      case .fill(let w):
        request = 0
        weights[i] = w.clamped(to: 0...Size.maxDimension)
      }
      let granted = Swift.min(request, remaining)
      lengths[i] = granted
      remaining -= granted
    }

    // Pass 2: leftover by weight, largest remainder first.
    let weightSum = weights.reduce(0, +)
    guard remaining > 0, weightSum > 0 else { return lengths }
    var handedOut = 0
    var remainders: [(index: Int, remainder: Int)] = []
    for i in weights.indices where weights[i] > 0 {
      let share = remaining * weights[i]
      lengths[i] += share / weightSum
      handedOut += share / weightSum
      remainders.append((i, share % weightSum))
    }
    remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
    for entry in remainders.prefix(remaining - handedOut) {
      lengths[entry.index] += 1
    }
    return lengths
  }
}
