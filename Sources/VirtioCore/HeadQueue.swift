/// The heads a split device holds, oldest first (QEMU counts them in `inuse`; the tutor also keeps their order,
/// so that "push" means the oldest chain, as a device that completes in order does).
///
/// A ring of `capacity` slots (the queue size, a power of two): taking the oldest and adding the newest are O(1);
/// taking one from the middle (a device completing out of order) shifts the younger ones.
struct HeadQueue: Equatable, Sendable {
  private var slots: [UInt16]
  private var front = 0
  /// The number of heads held.
  private(set) var count = 0

  /// An empty queue for a ring of `capacity` entries (a power of two).
  init(capacity: Int) { slots = Array(repeating: 0, count: max(1, capacity)) }

  private var mask: Int { slots.count - 1 }

  /// The head at `position` (0 = oldest).
  @inline(__always) subscript(position: Int) -> UInt16 { slots[(front + position) & mask] }

  /// The oldest head, if any.
  @inline(__always) var first: UInt16? { count > 0 ? self[0] : nil }

  /// Adds the newest head (the caller keeps `count` below the capacity).
  @inline(__always) mutating func append(_ head: UInt16) {
    slots[(front + count) & mask] = head
    count += 1
  }

  /// Where `head` is, oldest first, if it is held.
  func position(of head: UInt16) -> Int? {
    for p in 0..<count where self[p] == head { return p }
    return nil
  }

  /// Removes and returns the head at `position`.
  @inline(__always) mutating func remove(at position: Int) -> UInt16 {
    let head = self[position]
    if position == 0 {
      front = (front + 1) & mask
    } else {
      for p in position..<count - 1 { slots[(front + p) & mask] = slots[(front + p + 1) & mask] }
    }
    count -= 1
    return head
  }

  /// The heads, oldest first.
  var heads: [UInt16] { (0..<count).map { self[$0] } }
}
