import VirtioCore

extension SplitRingPicture {
  /// The chains as memory links them now: each chain the engine knows (and the one being added) cut wherever a
  /// descriptor's `NEXT` flag or `next` field no longer leads to the chain's following descriptor, so a NEXT bus
  /// joins only descriptors that really point at each other (a `poke` that breaks a chain breaks its bus).
  func linkedRuns() -> [[Int]] {
    var runs: [[Int]] = []
    for chain in chainLists {
      var run: [Int] = []
      for (k, i) in chain.enumerated() {
        run.append(i)
        let d = snapshot.descriptor(i)
        let follows = k + 1 < chain.count && d.flags.contains(.next) && Int(d.next) == chain[k + 1]
        if !follows {
          runs.append(run)
          run = []
        }
      }
    }
    return runs
  }

  /// The descriptor lists of the engine's direct chains and of the chain being added.
  var chainLists: [[Int]] {
    var chains = snapshot.chains.values.filter { $0.indirectTable == nil }.sorted { $0.head < $1.head }.map(\.descriptors)
    if !snapshot.beingBuilt.isEmpty { chains.append(snapshot.beingBuilt) }
    return chains.map { $0.filter { $0 >= 0 && $0 < size } }
  }

  /// `NEXT` links that leave a chain where memory says so: a descriptor of a chain whose `NEXT` flag is set but
  /// whose `next` is not the chain's following descriptor (a loop back, a jump into another descriptor), as rows
  /// of `rows` (`from`, `to`); only links whose both ends are shown. A `next` past the table is
  /// ``nextOutOfRange(_:)``, not a link.
  func strayLinks(_ rows: [DescRow]) -> [(from: Int, to: Int)] {
    var links: [(from: Int, to: Int)] = []
    for chain in chainLists {
      for (k, i) in chain.enumerated() {
        let d = snapshot.descriptor(i)
        guard d.flags.contains(.next), Int(d.next) < size else { continue }
        if k + 1 < chain.count && Int(d.next) == chain[k + 1] { continue }
        if let from = row(of: i, in: rows), let to = row(of: Int(d.next), in: rows) { links.append((from, to)) }
      }
    }
    return links
  }

  /// Whether descriptor `i` is part of a chain and has `NEXT` set with a `next` past the table (2.7.5: `next`
  /// must be below the queue size; the device stops with `next-out-of-range`).
  func nextOutOfRange(_ i: Int) -> Bool {
    let d = snapshot.descriptor(i)
    guard d.flags.contains(.next), Int(d.next) >= size else { return false }
    return chainLists.contains { $0.contains(i) }
  }
}
