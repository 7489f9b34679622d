import TermGrid
import VirtioFlows

/// The arrows of the step's path: every hop of the lesson step up to the one being drawn. Each pair of boxes the
/// path links gets its own lane of the gap, so the path stays readable; hops that took a route before are dim with
/// their order numbers (the settled frame sums up the step's path), and the hop being drawn grows over
/// ``VisualFrame/phasesPerHop`` frames, bright, with its number and kind.
extension FlowDiagram {
  enum Direction { case east, west, north, south }

  struct PathCell {
    var point: Point
    var direction: Direction
  }

  /// A route between two boxes, either way (one lane serves both directions: their heads are at opposite ends).
  struct Link: Hashable {
    var a: FlowNode
    var b: FlowNode
    init(_ x: FlowNode, _ y: FlowNode) {
      let xs = x.slot
      let ys = y.slot
      if (xs.isLeft ? 0 : 1, xs.row) <= (ys.isLeft ? 0 : 1, ys.row) { (a, b) = (x, y) } else { (a, b) = (y, x) }
    }
  }

  /// The column of each link's vertical stretch (a straight link across the gap has none): links within the left
  /// side, then links across the gap, then links within the right side, left to right in the order the path first
  /// uses them, spread evenly over the gap (at most 8 columns apart). A gap narrower than the links needs gives
  /// neighbouring links one column each; only when there are more links than columns do two share one
  /// (``laneLimit``), and their arrows then merge.
  func lanes(for links: [Link]) -> [Link: Int] {
    var groups: [[Link]] = [[], [], []]
    var seen = Set<Link>()
    for link in links where seen.insert(link).inserted {
      let a = place(link.a)
      let b = place(link.b)
      if a.isLeft != b.isLeft {
        if a.y != b.y { groups[1].append(link) }
      } else {
        groups[a.isLeft ? 0 : 2].append(link)
      }
    }
    let ordered = groups.flatMap { $0 }
    guard !ordered.isEmpty else { return [:] }
    let first = gapStart + 2
    let last = max(first, gapEnd - 2)
    let room = last - first + 1
    let step = ordered.count > 1 ? max(1, min(8, (room - 1) / (ordered.count - 1))) : 0
    let start = first + max(0, (room - 1 - step * (ordered.count - 1)) / 2)
    var lanes: [Link: Int] = [:]
    for (i, link) in ordered.enumerated() { lanes[link] = min(start + i * step, last) }
    return lanes
  }

  /// How many lanes the gap has (links beyond this share a column).
  var laneLimit: Int { max(1, gapEnd - gapStart - 3) }

  /// The cells of a hop's arrow through the gap (empty for a hop inside one box).
  func route(_ from: FlowNode, _ to: FlowNode, lane: Int?) -> [PathCell] {
    guard from != to, gapEnd - gapStart >= 2 else { return [] }
    let a = place(from)
    let b = place(to)
    let startX = a.isLeft ? gapStart : gapEnd
    let endX = b.isLeft ? gapStart : gapEnd
    var waypoints = [Point(x: startX, y: a.y)]
    if let lane {
      waypoints += [Point(x: lane, y: a.y), Point(x: lane, y: b.y)]
    }
    waypoints.append(Point(x: endX, y: b.y))
    var cells = [PathCell(point: waypoints[0], direction: a.isLeft ? .east : .west)]
    for (p, q) in zip(waypoints, waypoints.dropFirst()) {
      var point = p
      while point != q {
        let direction: Direction =
          q.x > point.x ? .east : q.x < point.x ? .west : q.y > point.y ? .south : .north
        switch direction {
        case .east: point.x += 1
        case .west: point.x -= 1
        case .south: point.y += 1
        case .north: point.y -= 1
        }
        cells.append(PathCell(point: point, direction: direction))
      }
    }
    return cells
  }

  func headGlyph(_ direction: Direction) -> String {
    switch direction {
    case .east: return context.symbol("▶", ">")
    case .west: return context.symbol("◀", "<")
    case .south: return context.symbol("▼", "v")
    case .north: return context.symbol("▲", "^")
    }
  }

  mutating func drawArrows(into grid: inout CellGrid) {
    guard let step, let head = headHop else { return }
    let cursor = min(max(context.frame.flowCursor, 1), run?.steps.count ?? 1)
    let earlier = run.map { Array($0.steps.prefix(cursor - 1)) } ?? []
    // The path so far, numbered from the step's first hop: earlier events' hops, then this event's up to the head.
    var path: [(hop: Hop, number: Int)] = []
    for hop in earlier.flatMap(\.hops) { path.append((hop, path.count + 1)) }
    for hop in step.hops.prefix(head + 1) { path.append((hop, path.count + 1)) }
    let current = path.removeLast()
    headNumber = current.number
    let moves = (path + [current]).filter { FlowNode.from($0.hop) != FlowNode.to($0.hop) }
    let lanes = lanes(for: moves.map { Link(FlowNode.from($0.hop), FlowNode.to($0.hop)) })
    func leg(_ hop: Hop) -> [PathCell] {
      let from = FlowNode.from(hop)
      let to = FlowNode.to(hop)
      return route(from, to, lane: lanes[Link(from, to)])
    }
    // Each directed route of the trail once, with the numbers of the hops that took it.
    var routes: [(from: FlowNode, to: FlowNode, numbers: [Int])] = []
    for (hop, number) in path where FlowNode.from(hop) != FlowNode.to(hop) {
      let from = FlowNode.from(hop)
      let to = FlowNode.to(hop)
      if let i = routes.firstIndex(where: { $0.from == from && $0.to == to }) {
        routes[i].numbers.append(number)
      } else {
        routes.append((from, to, [number]))
      }
    }
    let perHop = VisualFrame.phasesPerHop
    let progress = context.frame.isSettled ? perHop : max(context.frame.phase, 0) % perHop + 1
    let dim = context.style(.dim)
    let bright = context.style(.changed)
    var heads: [(Point, String, Style)] = []
    // Lines go through one canvas, so where routes meet or cross the cell shows every arm (`┤`, `┼`), not the
    // last route drawn over the others; the hop being drawn is added last, so its cells keep its bright style.
    var canvas = WireCanvas()
    func line(_ cells: ArraySlice<PathCell>, full: [PathCell], style: Style) {
      guard let first = cells.first else { return }
      canvas.stub(first.point, towardsWest: first.direction == .east, style: style)
      for (a, b) in zip(cells.dropLast(), cells.dropFirst()) { canvas.segment(a.point, b.point, style: style) }
    }
    var trailCells: [[PathCell]] = []
    for route in routes {
      let cells = self.route(route.from, route.to, lane: lanes[Link(route.from, route.to)])
      trailCells.append(cells)
      guard let last = cells.last else { continue }
      line(cells[...], full: cells, style: dim)
      heads.append((last.point, headGlyph(last.direction), dim))
    }
    // The hop being drawn, on top.
    let full = leg(current.hop)
    let shown = full.prefix(max(1, (full.count * progress + perHop - 1) / perHop))
    if let last = shown.last {
      line(shown, full: full, style: bright)
      heads.append((last.point, headGlyph(last.direction), context.style(.current)))
    }
    canvas.paint(into: &grid, clip: inner, unicode: context.capabilities.unicode)
    for (point, text, style) in heads { grid.put(text, at: point, style: style, clip: inner) }
    var taken = Set(heads.map(\.0))
    // Which links pass each cell: a route's numbers go on its own cells or on empty ones, never on a line it shares.
    var owners: [Point: Set<Link>] = [:]
    for (route, cells) in zip(routes, trailCells) {
      for cell in cells { owners[cell.point, default: []].insert(Link(route.from, route.to)) }
    }
    for cell in full { owners[cell.point, default: []].insert(Link(FlowNode.from(current.hop), FlowNode.to(current.hop))) }
    let currentLink = Link(FlowNode.from(current.hop), FlowNode.to(current.hop))
    if !shown.isEmpty {
      let drawn = Array(shown)
      label(Self.kindLabel(current.hop.kind), on: drawn, style: bright, taken: &taken, into: &grid)
      number([current.number], on: drawn, link: currentLink, owners: owners, style: bright, taken: &taken, into: &grid)
    }
    for (route, cells) in zip(routes, trailCells) where !cells.isEmpty {
      number(
        route.numbers, on: cells, link: Link(route.from, route.to), owners: owners, style: dim, taken: &taken,
        into: &grid)
    }
    drawLoops(path, current: current, into: &grid)
  }
}
