import TermGrid
import VirtioFlows

/// The words on the flow diagram's arrows: each route's hop numbers, the current hop's kind, the loops.
extension FlowDiagram {
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
    // The straight horizontal cells of this route: a number on the line may only replace those (never a corner).
    var straightCells = Set<Point>()
    for (n, cell) in cells.enumerated() where n + 1 < cells.count && cells[n + 1].direction == cell.direction {
      if cell.direction == .east || cell.direction == .west { straightCells.insert(cell.point) }
    }
    func free(_ point: Point, onLine: Bool) -> Bool {
      guard point.x > gapStart, point.x < gapEnd, !taken.contains(point) else { return false }
      let on = owners[point] ?? []
      return onLine ? on == [link] && straightCells.contains(point) : on.isEmpty
    }
    func put(_ text: String, at x: Int, _ y: Int, onLine: Bool) -> Bool {
      let length = text.unicodeScalars.count
      let points = (0..<length).map { Point(x: x + $0, y: y) }
      guard points.allSatisfy({ free($0, onLine: onLine) }) else { return false }
      guard !numberCells.contains(Point(x: x - 1, y: y)), !numberCells.contains(Point(x: x + length, y: y)) else {
        return false
      }
      grid.put(text, at: points[0], style: style, clip: inner)
      for point in points {
        taken.insert(point)
        numberCells.insert(point)
      }
      return true
    }
    let walk = Array(cells.enumerated().dropLast().reversed())
    for text in forms {
      let length = text.unicodeScalars.count
      // On the route's own cells: replacing a straight stretch of its line (`──6,16▶`), or beside its lane.
      for (_, cell) in walk where owners[cell.point] == [link] {
        let straight = straightCells.contains(cell.point)
        let starts = straight ? [cell.point.x, cell.point.x - length + 1] : [cell.point.x + 1, cell.point.x - length]
        for x in starts where put(text, at: x, cell.point.y, onLine: straight) { return }
      }
      // A route whose line is shared everywhere (it leaves or enters along another): over or under its line, in
      // the blank rows of a spaced layout.
      guard pitch > 1 else { continue }
      for (_, cell) in walk where straightCells.contains(cell.point) {
        for y in [cell.point.y - 1, cell.point.y + 1] {
          for x in [cell.point.x - length + 1, cell.point.x] where put(text, at: x, y, onLine: false) { return }
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
      // Without spare rows the loops sit in the gap over the lines: only the current one is written there, clear of
      // the gap's cell beside the box, where an arrow into the box has its head (the assigned NIC's doorbell while the
      // NIC's wire hop is current).
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
        : Rect(x: isLeft ? gapStart + 1 : gapStart, y: row, width: gapEnd - gapStart, height: 1)
      let width = min(line.width, area.width)
      let x = isLeft == spaced ? area.maxX - width : area.x
      line.draw(at: Point(x: x, y: row), limit: area.width, into: &grid, ellipsis: context.text("…"))
    }
  }
}
