/// A first-in, first-out list of plain values on a ring of slots, for the packed ring's bookkeeping: the chains
/// the driver wrote but has not published, the chains the device holds and the ones it filled.
///
/// Adding the newest and taking the oldest are O(1) and allocate nothing once the ring has grown to the queue's
/// size; taking one from the middle (a device completing out of order) shifts the younger ones. The ring grows
/// when full, so a hostile peer cannot make it overflow. Two lists are equal when they hold the same values in the
/// same order, whatever is left in their unused slots.
struct PackedFIFO<Element: Equatable & Sendable>: Equatable, Sendable {
  private var storage: [Element]
  private var front = 0
  /// The number of values held.
  private(set) var count = 0
  private let filler: Element

  /// An empty list with room for `capacity` values; `filler` fills unused slots.
  init(capacity: Int, filler: Element) {
    storage = Array(repeating: filler, count: max(1, capacity))
    self.filler = filler
  }

  @inline(__always) private func index(_ position: Int) -> Int {
    let i = front + position
    return i >= storage.count ? i - storage.count : i
  }

  /// The value at `position` (0 = oldest; the caller keeps it below ``count``).
  subscript(position: Int) -> Element {
    get { storage[index(position)] }
    set { storage[index(position)] = newValue }
  }

  var isEmpty: Bool { count == 0 }
  /// The oldest value, if any.
  var first: Element? { count > 0 ? storage[front] : nil }

  /// Adds the newest value.
  @inline(__always) mutating func append(_ element: Element) {
    if count == storage.count { grow() }
    storage[index(count)] = element
    count += 1
  }

  /// Removes and returns the oldest value (the caller checks ``isEmpty``).
  @inline(__always) mutating func removeFirst() -> Element {
    let element = storage[front]
    front = index(1)
    count -= 1
    if count == 0 { front = 0 }
    return element
  }

  /// Removes and returns the value at `position`.
  @inline(__always) mutating func remove(at position: Int) -> Element {
    if position == 0 { return removeFirst() }
    return removeYounger(at: position)
  }

  /// ``remove(at:)`` past the oldest: the younger values shift down.
  @inline(never) private mutating func removeYounger(at position: Int) -> Element {
    let element = self[position]
    for p in position..<count - 1 { self[p] = self[p + 1] }
    count -= 1
    return element
  }

  /// Empties the list (keeping its slots).
  mutating func removeAll() {
    front = 0
    count = 0
  }

  /// The position of the oldest value that satisfies `predicate`.
  func firstIndex(where predicate: (Element) -> Bool) -> Int? {
    for p in 0..<count where predicate(self[p]) { return p }
    return nil
  }

  /// The values, oldest first.
  var elements: [Element] { (0..<count).map { self[$0] } }

  // Out of line: rare, and inlined it gave every append a large frame.
  @inline(never) private mutating func grow() {
    let held = elements
    storage = held + Array(repeating: filler, count: max(1, held.count))
    front = 0
  }

  static func == (a: PackedFIFO, b: PackedFIFO) -> Bool { a.elements == b.elements }
}
