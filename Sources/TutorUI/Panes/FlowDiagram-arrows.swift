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

  /// The column of each link's vertical stretch (nil for a straight link across the gap): links across the gap take
  /// lanes around the middle, links within one side lanes towards that side (leaving room for numbers), in the
  /// order the path first uses them, each its own lane while the gap has room.
  func lanes(for links: [Link]) -> [Link: Int] {
    let mid = (gapStart + gapEnd) / 2
    let offsets = [0, -2, 2, -4, 4, -6, 6]
    var across = 0
    var leftSide = 0
    var rightSide = 0
    var lanes: [Link: Int] = [:]
    for link in links where lanes[link] == nil {
      let a = place(link.a)
      let b = place(link.b)
      if a.isLeft != b.isLeft {
        guard a.y != b.y else { continue }
        lanes[link] = min(max(mid + offsets[across % offsets.count], gapStart + 1), gapEnd - 1)
        across += 1
      } else if a.isLeft {
        lanes[link] = min(gapStart + 4 + 3 * leftSide, mid - 1)
        leftSide += 1
      } else {
        lanes[link] = max(gapEnd - 4 - 3 * rightSide, mid + 1)
        rightSide += 1
      }
    }
    return lanes
  }

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

  func glyph(_ incoming: Direction, _ outgoing: Direction) -> String {
    let u = context.capabilities.unicode
    switch (incoming, outgoing) {
    case (.east, .east), (.west, .west): return u ? "─" : "-"
    case (.north, .north), (.south, .south): return u ? "│" : "|"
    case (.east, .south), (.north, .west): return u ? "┐" : "+"
    case (.east, .north), (.south, .west): return u ? "┘" : "+"
    case (.west, .south), (.north, .east): return u ? "┌" : "+"
    default: return u ? "└" : "+"
    }
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
    func line(_ cells: ArraySlice<PathCell>, full: [PathCell], style: Style) {
      for n in cells.indices.dropLast() {
        let cell = full[n]
        let next = n + 1 < full.count ? full[n + 1].direction : cell.direction
        grid.put(glyph(cell.direction, next), at: cell.point, style: style, clip: inner)
      }
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

  /// Writes the order numbers of the hops that took a route next to its arrow, nearest its head: on cells only
  /// its own link passes or on empty cells of the gap (so a number never sits on a line two routes share), with a
  /// free cell between it and any other number: all of them (`3,9,14`) when they fit, else the first and the last
  /// (`3…14`), else the last. A route with no room keeps its arrow without a number.
  mutating func number(
    _ numbers: [Int], on cells: [PathCell], link: Link, owners: [Point: Set<Link>], style: Style,
    taken: inout Set<Point>, into grid: inout CellGrid
  ) {
    guard let last = numbers.last else { return }
    var forms = [numbers.map(String.init).joined(separator: ",")]
    if numbers.count > 2 { forms.append("\(numbers[0])\(context.symbol("…", "-"))\(last)") }
    if numbers.count > 1 { forms.append(String(last)) }
    func free(_ point: Point, onLine: Bool) -> Bool {
      guard point.x > gapStart, point.x < gapEnd, !taken.contains(point) else { return false }
      let on = owners[point] ?? []
      return onLine ? on == [link] : on.isEmpty
    }
    for text in forms {
      let length = text.unicodeScalars.count
      for (n, cell) in cells.enumerated().dropLast().reversed() where owners[cell.point] == [link] {
        let horizontal = cell.direction == .east || cell.direction == .west
        let straight = horizontal && n + 1 < cells.count && cells[n + 1].direction == cell.direction
        // On a straight horizontal stretch the number replaces the line (`──6,16▶`); beside a lane it sits next to it.
        let starts = straight ? [cell.point.x, cell.point.x - length + 1] : [cell.point.x + 1, cell.point.x - length]
        for x in starts {
          let points = (0..<length).map { Point(x: x + $0, y: cell.point.y) }
          guard points.allSatisfy({ free($0, onLine: straight) }) else { continue }
          let before = Point(x: x - 1, y: cell.point.y)
          let after = Point(x: x + length, y: cell.point.y)
          guard !numberCells.contains(before), !numberCells.contains(after) else { continue }
          grid.put(text, at: points[0], style: style, clip: inner)
          for point in points {
            taken.insert(point)
            numberCells.insert(point)
          }
          return
        }
      }
    }
  }

  /// Writes the hop kind on the longest straight horizontal stretch of the drawn arrow, if it fits.
  mutating func label(_ kind: String, on cells: [PathCell], style: Style, taken: inout Set<Point>, into grid: inout CellGrid) {
    let text = context.text(kind)
    let length = text.unicodeScalars.count
    var best: (start: Int, count: Int) = (0, 0)
    var run = (start: 0, count: 0)
    for (n, cell) in cells.enumerated() where n < cells.count - 1 {
      let horizontal = cell.direction == .east || cell.direction == .west
      let nextHorizontal = cells[n + 1].direction == cell.direction
      if horizontal && nextHorizontal && (run.count == 0 || cells[n - 1].point.y == cell.point.y) {
        if run.count == 0 { run.start = n }
        run.count += 1
        if run.count > best.count { best = run }
      } else {
        run = (0, 0)
      }
    }
    guard best.count >= length + 3 else { return }
    let xs = cells[best.start..<best.start + best.count].map(\.point.x)
    let x = (xs.min() ?? 0) + (best.count - length) / 2
    let y = cells[best.start].point.y
    grid.put(text, at: Point(x: x, y: y), style: style, clip: inner)
    for dx in 0..<length {
      taken.insert(Point(x: x + dx, y: y))
      numberCells.insert(Point(x: x + dx, y: y))
    }
  }

  /// Hops inside one box (emulation, a wake-up, the wire): `↻N` with the numbers of the hops, the current one with
  /// its kind, under the box when the layout is spaced, else beside it in the gap.
  func drawLoops(_ path: [(hop: Hop, number: Int)], current: (hop: Hop, number: Int), into grid: inout CellGrid) {
    var byNode: [FlowNode: [Int]] = [:]
    var order: [FlowNode] = []
    for (hop, number) in path + [current] where FlowNode.from(hop) == FlowNode.to(hop) {
      let node = FlowNode.from(hop)
      if byNode[node] == nil { order.append(node) }
      byNode[node, default: []].append(number)
    }
    let loop = context.symbol("↻", "@")
    for node in order {
      let (y, isLeft) = place(node)
      let numbers = byNode[node] ?? []
      var line = LineBuilder()
      let now = FlowNode.from(current.hop) == FlowNode.to(current.hop) && FlowNode.from(current.hop) == node
      // Without spare rows the loops sit in the gap over the lines: only the current one is written there.
      let before = pitch == 1 ? [] : now ? numbers.dropLast() : numbers[...]
      if !before.isEmpty {
        let list = before.count > 2 ? "\(before.first!)\(context.symbol("…", "-"))\(before.last!)" : before.map(String.init).joined(separator: ",")
        line.add(loop + list, context.style(.dim))
      }
      if now {
        if !before.isEmpty { line.add(" ") }
        line.add(loop + "\(current.number) " + context.text(Self.kindLabel(current.hop.kind)), context.style(.current))
      }
      let spaced = pitch > 1
      let row = spaced ? y + 1 : y
      let area =
        spaced
        ? (isLeft ? Rect(x: inner.x, y: row, width: leftWidth, height: 1)
          : Rect(x: gapEnd + 1, y: row, width: rightWidth, height: 1))
        : Rect(x: gapStart, y: row, width: gapEnd - gapStart + 1, height: 1)
      let width = min(line.width, area.width)
      let x = isLeft == spaced ? area.maxX - width : area.x
      line.draw(at: Point(x: x, y: row), limit: area.width, into: &grid, ellipsis: context.text("…"))
    }
  }
}
