import TermGrid

/// Lines drawn between parts of a picture (an avail slot to its head descriptor, a descriptor to the next one of
/// its chain): segments are collected as the directions each cell connects to, then painted as box-drawing glyphs,
/// so a line crossing another becomes `┼` and a corner `┐` without any case analysis at the call sites.
struct WireCanvas {
  /// The directions a cell's line leaves it in.
  struct Directions: OptionSet, Hashable {
    let rawValue: UInt8
    static let north = Directions(rawValue: 1)
    static let south = Directions(rawValue: 2)
    static let east = Directions(rawValue: 4)
    static let west = Directions(rawValue: 8)
  }

  private(set) var wires: [Point: (Directions, Style)] = [:]
  private(set) var arrows: [Point: (left: Bool, style: Style)] = [:]

  private mutating func add(_ point: Point, _ directions: Directions, _ style: Style) {
    let old = wires[point]?.0 ?? []
    wires[point] = (old.union(directions), style)
  }

  /// A straight line from `a` to `b` (same row or same column; nothing when they are the same cell): every cell
  /// of it connects towards its neighbours on the line.
  mutating func segment(_ a: Point, _ b: Point, style: Style) {
    guard a != b else { return }
    if a.y == b.y {
      let (lo, hi) = (min(a.x, b.x), max(a.x, b.x))
      for x in lo...hi {
        var d: Directions = []
        if x > lo { d.insert(.west) }
        if x < hi { d.insert(.east) }
        add(Point(x: x, y: a.y), d, style)
      }
    } else {
      let (lo, hi) = (min(a.y, b.y), max(a.y, b.y))
      for y in lo...hi {
        var d: Directions = []
        if y > lo { d.insert(.north) }
        if y < hi { d.insert(.south) }
        add(Point(x: a.x, y: y), d, style)
      }
    }
  }

  /// A line leaving the text just before (or, with `left`, after) `point`: the cell connects towards that side.
  mutating func stub(_ point: Point, towardsWest: Bool, style: Style) {
    add(point, towardsWest ? [.west] : [.east], style)
  }

  /// A line leaving the text just above (or, without `towardsNorth`, below) `point`: the cell connects that way.
  mutating func stub(_ point: Point, towardsNorth: Bool, style: Style) {
    add(point, towardsNorth ? [.north] : [.south], style)
  }

  /// An arrow head at `point`, pointing left (`◀`) or right (`▶`).
  mutating func arrow(at point: Point, left: Bool, style: Style) { arrows[point] = (left, style) }

  /// A link from `start` (the first cell after the text it leaves) to an arrow head at `end`, turning in column
  /// `lane` when the rows differ: along the start row to the lane, along the lane to the end row, along it to the
  /// arrow.
  mutating func link(from start: Point, to end: Point, lane: Int, style: Style) {
    let left = end.x < start.x
    stub(start, towardsWest: !left, style: style)
    if start.y == end.y {
      segment(start, end, style: style)
    } else {
      let a = Point(x: lane, y: start.y), b = Point(x: lane, y: end.y)
      segment(start, a, style: style)
      segment(a, b, style: style)
      segment(b, end, style: style)
    }
    arrow(at: end, left: left, style: style)
  }

  /// The glyph of a cell connected in `d`.
  static func glyph(_ d: Directions, unicode: Bool) -> String {
    let vertical = d.contains(.north) || d.contains(.south)
    let horizontal = d.contains(.east) || d.contains(.west)
    if !unicode { return vertical && horizontal ? "+" : (vertical ? "|" : "-") }
    switch (d.contains(.north), d.contains(.south), d.contains(.east), d.contains(.west)) {
    case (true, true, true, true): return "┼"
    case (true, true, true, false): return "├"
    case (true, true, false, true): return "┤"
    case (false, true, true, true): return "┬"
    case (true, false, true, true): return "┴"
    case (false, true, true, false): return "┌"
    case (false, true, false, true): return "┐"
    case (true, false, true, false): return "└"
    case (true, false, false, true): return "┘"
    case (_, _, _, _) where vertical: return "│"
    default: return "─"
    }
  }

  /// Paints the lines and arrow heads into `grid`, inside `clip`.
  func paint(into grid: inout CellGrid, clip: Rect, unicode: Bool) {
    for (point, (d, style)) in wires where clip.contains(point) {
      grid.put(Self.glyph(d, unicode: unicode), at: point, style: style, clip: clip)
    }
    for (point, (left, style)) in arrows where clip.contains(point) {
      grid.put(unicode ? (left ? "◀" : "▶") : (left ? "<" : ">"), at: point, style: style, clip: clip)
    }
  }
}

/// Columns ("lanes") for the vertical parts of links through a channel, so that no two links share a column where
/// their rows overlap, and on a row where one link starts and another ends the starting one turns first (nearer
/// its start side), which keeps the two lines apart.
enum LaneAssigner {
  /// A link through a channel, from a row to a row.
  struct Link: Hashable {
    var from: Int
    var to: Int
    var span: ClosedRange<Int> { min(from, to)...max(from, to) }
  }

  /// The lane of each link (0 = nearest the start side), nil for a link that needs no lane (same row) or would need
  /// more than `limit` lanes.
  static func assign(_ links: [Link], limit: Int) -> [Int?] {
    var lanes = [Int?](repeating: nil, count: links.count)
    let bent = links.indices.filter { links[$0].from != links[$0].to }
    // before[a] holds b when b must take a smaller lane than a (b starts on the row where a ends).
    var before: [Int: [Int]] = [:]
    for a in bent { for b in bent where a != b && links[b].from == links[a].to { before[a, default: []].append(b) } }
    var done = Set<Int>()
    var remaining = bent.sorted { links[$0].from < links[$1].from }
    var taken: [[ClosedRange<Int>]] = []
    while !remaining.isEmpty {
      let k = remaining.firstIndex { (before[$0] ?? []).allSatisfy(done.contains) } ?? 0
      let link = remaining.remove(at: k)
      var lane = (before[link] ?? []).compactMap { lanes[$0] }.map { $0 + 1 }.max() ?? 0
      while lane < taken.count && taken[lane].contains(where: { $0.overlaps(links[link].span) }) { lane += 1 }
      done.insert(link)
      guard lane < limit else { continue }
      while taken.count <= lane { taken.append([]) }
      taken[lane].append(links[link].span)
      lanes[link] = lane
    }
    return lanes
  }

  /// How many lanes an assignment uses.
  static func count(_ lanes: [Int?]) -> Int { (lanes.compactMap { $0 }.max() ?? -1) + 1 }
}
