import TermGrid
import VirtioCore

extension MemoryStrip {
  /// One line on screen: a row, or the continuation of the row above's label (labels wrap at word boundaries,
  /// never cut mid-name).
  enum Line: Equatable {
    case row(Row, label: String)
    case continuation(String)
  }

  /// Draws as many lines as fit in `rect`, keeping the current event's row (with its whole label) in view.
  func draw(in rect: Rect, into grid: inout CellGrid) {
    let rect = rect.intersection(grid.bounds)
    guard rect.width > 0, rect.height > 0 else { return }
    let perRow = Self.perRow(width: rect.width)
    let n = UInt64(perRow)
    let digits = max(4, String(UInt64(max(0, memory.size - 1)), radix: 16).count)
    let all = lines(rows(perRow: perRow), perRow: perRow, digits: digits, width: rect.width)
    let focusLine = all.firstIndex { line in
      guard let focus, case .row(.bytes(let a, _), _) = line else { return false }
      return focus.overlaps(a..<a + n)
    }
    // The focus row with its label's lines, and about a sixth of the room before it for context.
    var first = max(0, (focusLine ?? 0) - rect.height / 6)
    while first > 0, case .continuation = all[first] { first -= 1 }
    var last = focusLine ?? 0
    while last + 1 < all.count, case .continuation = all[last + 1] { last += 1 }
    let block = first...last
    let shown: [Line?] = PaneFormat.window(count: all.count, slots: rect.height, keeping: block) { k in
      if case .continuation = all[k] { return false }
      return true
    }.map { $0.map { all[$0] } }
    for (r, line) in shown.enumerated() {
      let y = rect.y + r
      switch line {
      case nil:
        grid.put(context.text("…"), at: Point(x: rect.x, y: y), style: context.style(.dim), clip: rect)
      case .continuation(let text)?:
        let x = rect.x + Self.continuationIndent(digits: digits)
        grid.put(context.text(text), at: Point(x: x, y: y), style: context.style(.dim), clip: rect)
      case .row(.more(let a, let count), _)?:
        grid.put(context.text("\(address(a, digits)) … \(count) more bytes"), at: Point(x: rect.x, y: y), style: context.style(.dim), clip: rect)
      case .row(.heading(let text), _)?:
        grid.put(text, at: Point(x: rect.x, y: y), style: context.style(.paneTitle), clip: rect)
      case .row(.zeros(let a, let b, _), let label)?:
        var line = LineBuilder()
        line.add(address(a, digits) + context.symbol("–", "-") + address(b, digits), context.style(.dim))
        line.add("  " + label, context.style(.descFree))
        line.draw(at: Point(x: rect.x, y: y), limit: rect.width, into: &grid, ellipsis: context.text("…"))
      case .row(.bytes(let a, _), let label)?:
        drawBytes(a, label: label, perRow: perRow, digits: digits, y: y, rect: rect, into: &grid)
      }
    }
  }

  /// Where a continued label starts: under the first byte.
  static func continuationIndent(digits: Int) -> Int { digits + 3 }

  /// Where a bytes row's label starts, from the row's left edge.
  static func labelOffset(perRow: Int, digits: Int) -> Int { digits + 3 + perRow * 3 + (perRow >= 8 ? 1 : 0) }

  /// The rows as lines: a label that does not fit beside its row goes on, word by word, on the lines below it.
  func lines(_ rows: [Row], perRow: Int, digits: Int, width: Int) -> [Line] {
    let rest = max(1, width - Self.continuationIndent(digits: digits))
    return rows.flatMap { row -> [Line] in
      let label: String
      let first: Int
      switch row {
      case .bytes(_, let text):
        (label, first) = (text, width - Self.labelOffset(perRow: perRow, digits: digits))
      case .zeros(_, _, let text):
        (label, first) = (text + " zero", width - 2 * (2 + digits) - 1 - 2)
      case .heading, .more:
        return [.row(row, label: "")]
      }
      let wrapped = Self.wrap(label, first: first, rest: rest)
      return [.row(row, label: wrapped.first ?? "")] + wrapped.dropFirst().map { .continuation($0) }
    }
  }

  /// Words of `text` in lines of at most `first` cells, then `rest`; the first line is empty when its first word
  /// does not fit there. A word longer than `rest` has a line of its own (and is cut when drawn).
  static func wrap(_ text: String, first: Int, rest: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    var limit = first
    for word in text.split(separator: " ").map(String.init) {
      let needed = current.isEmpty ? word.count : current.count + 1 + word.count
      if needed <= limit {
        current = current.isEmpty ? word : current + " " + word
        continue
      }
      lines.append(current)
      limit = rest
      current = word
    }
    lines.append(current)
    return lines
  }

  func address(_ a: GuestAddress, _ digits: Int) -> String {
    "0x" + PaneFormat.right(String(a, radix: 16), digits).replacingSpaces(with: "0")
  }

  /// One row: address, the bytes (each field in its writer's colour, neighbouring fields told apart by the
  /// underline), then the label.
  func drawBytes(
    _ a: GuestAddress, label: String, perRow: Int, digits: Int, y: Int, rect: Rect, into grid: inout CellGrid
  ) {
    grid.put(address(a, digits), at: Point(x: rect.x, y: y), style: context.style(.dim), clip: rect)
    let bytes = (try? memory.read(at: a, count: perRow)) ?? []
    var x = rect.x + digits + 3
    var underline = false
    var previous: String?
    for (k, byte) in bytes.enumerated() {
      let b = a + UInt64(k)
      if k == perRow / 2 && perRow >= 8 { x += 1 }
      let f = field(b)
      if let id = f?.id, id != previous {
        underline.toggle()
        previous = id
      }
      var style = f.map { context.writer($0.writer) } ?? Style.plain
      if f != nil { style.underline = underline }
      if byte == 0 { style.dim = true }
      if let focus, focus.contains(b), let role = focusRole {
        style = lit ? context.now(role) : context.earlier(role)
      } else if let (_, role) = written.last(where: { $0.0.contains(b) }) {
        style = context.earlier(role)
      }
      grid.put(byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16), at: Point(x: x, y: y), style: style, clip: rect)
      x += 3
    }
    let labelX = rect.x + Self.labelOffset(perRow: perRow, digits: digits)
    var line = LineBuilder()
    line.add(context.text(label), context.style(.dim))
    line.draw(at: Point(x: labelX, y: y), limit: max(0, rect.maxX - labelX), into: &grid, ellipsis: context.text("…"))
  }
}

extension MemoryStrip {
  /// The strip for a split queue: its ring's fields, and the buffers and indirect tables of its chains.
  init(
    split snapshot: QueueSnapshot, memory: GuestMemoryView, focus: Range<GuestAddress>?, focusRole: Role?, lit: Bool,
    written: [(Range<GuestAddress>, Role)], context: PictureContext
  ) {
    let layout = snapshot.layout
    var regions: [Region] = []
    for chain in snapshot.chains.values.sorted(by: { $0.head < $1.head }) {
      if let table = chain.indirectTable {
        regions.append(
          Region(label: "table of desc[\(chain.head)]", address: table.address, length: table.count * 16, isTable: true))
      }
      for buffer in chain.buffers {
        var name = "buffer"
        switch buffer.source {
        case .descriptor(let i, _): name = "buf desc[\(i)]"
        case .indirect(_, let k, _): name = "buf table[\(k)]"
        default: break
        }
        regions.append(Region(label: "\(name) \(buffer.isWritable ? "W" : "R") \(buffer.length)", address: buffer.address, length: Int(buffer.length)))
      }
    }
    regions.sort { $0.address < $1.address }
    self.init(
      memory: memory,
      field: { a in
        guard let f = layout.field(at: a) else { return nil }
        return (f.description, Self.regionName(f), f.owner)
      },
      ring: layout.descriptorTable..<layout.end, regions: regions, focus: focus, focusRole: focusRole, lit: lit,
      written: written, context: context)
  }

  /// The name a row label uses for a field: `desc[2]`, `avail.ring[3]`, `used.ring[0]`, `used_event`, …
  static func regionName(_ field: RingField) -> String {
    switch field {
    case .descriptor(let i, _): return "desc[\(i)]"
    case .availFlags: return "avail.flags"
    case .availIdx: return "avail.idx"
    case .availRing(let i): return "avail.ring[\(i)]"
    case .usedEvent: return "used_event"
    case .usedFlags: return "used.flags"
    case .usedIdx: return "used.idx"
    case .usedRingID(let i), .usedRingLen(let i): return "used.ring[\(i)]"
    case .availEvent: return "avail_event"
    default: return field.description
    }
  }
}
