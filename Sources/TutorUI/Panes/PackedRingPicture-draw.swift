import TermGrid
import VirtioCore

extension PackedRingPicture {
  /// Where each column goes, and what is left out to fit.
  struct Columns {
    var idxW = 1, idW = 1, lenW = 1, addrW = 3, flagsW = 1, stateW = 10
    var showAddr = true, showBy = true, showState = true
    var buffer = SplitRingPicture.BufferForm.none
    /// A used slot's tiny box as `◀2` (the id it returns; its len is in the row's len column) instead of `◀2:16`.
    var usedIDOnly = false
    /// Tiny buffers against the last NEXT lane, without the blank column between.
    var abut = false
    var bufferW = 0
    var buses: [(rows: [Int], head: Int, lane: Int)] = []
    var lanes = 0

    var idxX: Int { 4 }
    var aX: Int { idxX + idxW + 1 }
    var idX: Int { aX + 4 }
    var lenX: Int { idX + idW + 1 }
    var addrX: Int { lenX + lenW + 1 }
    var flagsX: Int { addrX + (showAddr ? addrW + 1 : 0) }
    var byX: Int { flagsX + flagsW + 1 }
    var stateX: Int { byX + (showBy ? 4 : 0) }
    var gutterX: Int { stateX + (showState ? stateW : 0) }
    /// After the NEXT buses and a blank column, or against the last lane (``abut``).
    var bufferX: Int { gutterX + (lanes > 0 ? lanes + (abut ? 1 : 2) : 0) }
    var width: Int { bufferX + bufferW }

    static func make(_ p: PackedRingPicture, rows: [Row], width: Int) -> Columns {
      var c = Columns()
      var lens: [Int] = [3], ids: [Int] = [2], addrs: [Int] = [4], flags: [Int] = [1], idx: [Int] = [1]
      var states: [Int] = ["state".count]
      for row in rows {
        if case .entry(let i, let k, _) = row, let d = p.entry(slot: i, k) {
          lens.append(String(d.length).count)
          addrs.append(hex(d.address).count)
          flags.append(PackedRingPicture.letters(d.flags).count)
          states.append("table".count)
        }
        guard case .slot(let i) = row else { continue }
        states.append(PackedRingPicture.word(p.snapshot.slots[i].state).0.count)
        let d = p.snapshot.slots[i].descriptor
        idx.append(String(i).count)
        ids.append(String(d.id).count)
        lens.append(String(d.length).count)
        addrs.append(hex(d.address).count)
        flags.append(PackedRingPicture.letters(d.flags).count)
      }
      (c.idxW, c.idW, c.lenW, c.addrW, c.flagsW) = (idx.max()!, ids.max()!, lens.max()!, addrs.max()!, flags.max()!)
      c.stateW = states.max()! + 1
      c.buses = Self.buses(p, rows)
      c.lanes = (c.buses.map(\.lane).max() ?? -1) + 1
      // The address goes first, then the buffers shrink, then the writer: the issue's picture is the bits, id,
      // len and who wrote them, linked to the buffers.
      // Before the writer goes, tiny buffers abut their NEXT lane (lesson 10 step 12 at 80×24), then a used slot's
      // tiny box drops its len, which the row shows (step 5).
      let forms: [(Bool, Bool, Bool, SplitRingPicture.BufferForm, Bool, Bool)] = [
        (true, true, true, .bytes(8, address: true), false, false), (true, true, true, .bytes(4, address: false), false, false),
        (true, true, true, .short, false, false), (false, true, true, .short, false, false),
        (false, true, true, .tiny, false, false), (false, true, true, .tiny, false, true), (false, true, true, .tiny, true, true),
        (false, false, true, .short, false, false), (false, false, true, .tiny, false, false),
        (false, false, true, .none, false, false), (false, false, false, .none, false, false),
      ]
      for (addr, by, state, form, idOnly, abut) in forms {
        var next = c
        (next.showAddr, next.showBy, next.showState, next.buffer, next.usedIDOnly, next.abut) = (addr, by, state, form, idOnly, abut)
        next.bufferW = rows.map { p.bufferText($0, form, usedIDOnly: idOnly).width }.max() ?? 0
        c = next
        if next.width <= width { break }
      }
      return c
    }

    /// One NEXT bus per outstanding chain with more than one visible slot.
    static func buses(_ p: PackedRingPicture, _ rows: [Row]) -> [(rows: [Int], head: Int, lane: Int)] {
      var result: [(rows: [Int], head: Int, lane: Int)] = []
      var taken: [[ClosedRange<Int>]] = []
      for chain in p.snapshot.chains where chain.slots.count > 1 {
        let found = chain.slots.compactMap { rows.firstIndex(of: .slot($0)) }
        guard found.count > 1, let head = rows.firstIndex(of: .slot(chain.slots[0])) else { continue }
        let span = found.min()!...found.max()!
        var lane = 0
        while lane < taken.count && taken[lane].contains(where: { $0.overlaps(span) }) { lane += 1 }
        guard lane < 4 else { continue }
        while taken.count <= lane { taken.append([]) }
        taken[lane].append(span)
        result.append((found, head, lane))
      }
      return result
    }
  }

  /// `NW`, `I`, `-`: the flags other than AVAIL and USED, as letters.
  static func letters(_ flags: PackedDescriptorFlags) -> String {
    var s = ""
    if flags.contains(.next) { s += "N" }
    if flags.contains(.write) { s += "W" }
    if flags.contains(.indirect) { s += "I" }
    if flags.rawValue & ~0x8087 != 0 { s += "?" }
    return s.isEmpty ? "-" : s
  }

  /// The buffer box of a slot that belongs to an outstanding chain (the driver's record of the buffer), in `form`;
  /// for a used slot, what its used descriptor says instead (``usedText(_:_:)``).
  func bufferText(_ row: Row, _ form: SplitRingPicture.BufferForm, usedIDOnly: Bool = false) -> LineBuilder {
    var line = LineBuilder()
    let slot: Int, entry: Int?
    switch row {
    case .slot(let i): (slot, entry) = (i, nil)
    case .entry(let i, let k, _): (slot, entry) = (i, k)
    case .empty, .gap: return line
    }
    if entry == nil, form != .none, snapshot.slots[slot].state == .used {
      return usedText(snapshot.slots[slot].descriptor, form, idOnly: usedIDOnly)
    }
    guard form != .none, let id = snapshot.slots[slot].chain,
      let chain = snapshot.chains.first(where: { $0.id == id }), var k = chain.slots.firstIndex(of: slot)
    else { return line }
    let dim = context.style(.dim)
    if let table = chain.indirectTable {
      guard let entry else {
        if k == 0 { line.add(context.text(form == .tiny ? "tbl \(table.count)" : "──[table · \(table.count) × 16 B]"), dim) }
        return line
      }
      k = entry  // a table entry's buffer: the chain's buffers are the table's, in order
    }
    guard k < chain.buffers.count else { return line }
    let buffer = chain.buffers[k]
    let rw = buffer.isWritable ? "W" : "R"
    let style = context.style(buffer.isWritable ? .device : .driver)
    if form != .tiny { line.add(context.text("─▶"), dim) }
    switch form {
    case .bytes(let n, let address):
      let bytes = (try? memory.read(at: buffer.address, count: min(n, Int(buffer.length)))) ?? []
      var text = "[\(rw) \(buffer.length)" + (address ? " @" + hex(buffer.address) : "")
      if !bytes.isEmpty { text += " " + bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(separator: " ") }
      if Int(buffer.length) > bytes.count && !bytes.isEmpty { text += "…" }
      line.add(context.text(text + "]"), style)
    case .short: line.add("[\(rw) \(buffer.length)]", style)
    case .tiny: line.add("\(rw)\(buffer.length)", style)
    case .none: break
    }
    return line
  }

  /// A used slot's box: the device overwrote the chain's first slot with the used descriptor (2.8.22), so the slot
  /// no longer describes a buffer: it returns buffer `id` to the driver with `len` bytes written,
  /// `◀─[id 2 back · 16 B written]` (`◀─[id 2 back · 16 B]`, `◀2:16`, `◀2` when `idOnly`).
  func usedText(_ d: PackedDescriptor, _ form: SplitRingPicture.BufferForm, idOnly: Bool = false) -> LineBuilder {
    var line = LineBuilder()
    let style = context.writer(.device)
    line.add(context.text(form == .tiny ? "◀" : "◀─"), context.style(.dim))
    switch form {
    case .bytes(_, address: true): line.add(context.text("[id \(d.id) back · \(d.length) B written]"), style)
    case .bytes, .short: line.add(context.text("[id \(d.id) back · \(d.length) B]"), style)
    case .tiny: line.add(idOnly ? "\(d.id)" : "\(d.id):\(d.length)", style)
    case .none: return LineBuilder()
    }
    return line
  }

  func drawHeader(_ c: Columns, at y: Int, inner: Rect, into grid: inout CellGrid) {
    let dim = context.style(.dim)
    func put(_ text: String, _ x: Int) { grid.put(text, at: Point(x: inner.x + x, y: y), style: dim, clip: inner) }
    put(PaneFormat.right("#", c.idxW), c.idxX)
    put("A U", c.aX)
    put(PaneFormat.right("id", c.idW), c.idX)
    put(PaneFormat.right("len", c.lenW), c.lenX)
    if c.showAddr { put("addr", c.addrX) }
    put(c.flagsW >= 2 ? "fl" : "f", c.flagsX)
    if c.showBy { put("by", c.byX) }
    if c.showState { put("state", c.stateX) }
    switch c.buffer {
    case .none: break
    case .tiny: put("buf", c.bufferX)
    case .bytes, .short: put("buffers", c.bufferX + 2)
    }
  }

  /// Entry `k` of the indirect table under slot `i`: `├ k` (`└` for the last), then its len, addr and flags in their
  /// columns (the A U bits and the id mean nothing inside a table), and `table` as its state.
  func drawEntry(slot i: Int, _ k: Int, last: Bool, _ c: Columns, y: Int, inner: Rect, into grid: inout CellGrid) {
    guard let d = entry(slot: i, k), let table = table(at: i) else { return }
    let dim = context.style(.dim)
    func field(_ part: PackedDescriptorPart) -> PackedField { .indirect(table: table.address, k, part) }
    grid.put(context.symbol(last ? "└" : "├", last ? "`" : "|"), at: Point(x: inner.x + c.idxX - 1, y: y), style: dim, clip: inner)
    grid.put(PaneFormat.right(String(k), c.idxW), at: Point(x: inner.x + c.idxX, y: y), style: .plain, clip: inner)
    putValue(PaneFormat.right(String(d.length), c.lenW), field: field(.len), base: .plain, x: inner.x + c.lenX, y: y, clip: inner, into: &grid)
    if c.showAddr {
      putValue(hex(d.address), field: field(.addr), base: .plain, x: inner.x + c.addrX, y: y, clip: inner, into: &grid)
    }
    grid.put(Self.letters(d.flags), at: Point(x: inner.x + c.flagsX, y: y), style: style(field(.flags), base: .plain), clip: inner)
    if c.showState { grid.put("table", at: Point(x: inner.x + c.stateX, y: y), style: dim, clip: inner) }
  }

  func drawRows(_ rows: [Row], _ c: Columns, top: Int, inner: Rect, into grid: inout CellGrid) {
    let dim = context.style(.dim)
    var wires = WireCanvas()
    for (r, row) in rows.enumerated() {
      let y = top + r
      func at(_ x: Int) -> Point { Point(x: inner.x + x, y: y) }
      switch row {
      case .gap:
        grid.put(context.text("…"), at: at(c.idxX), style: dim, clip: inner)
      case .empty(let a, let b):
        grid.put("\(a)\(context.symbol("–", "-"))\(b) empty", at: at(c.idxX), style: context.style(.descFree), clip: inner)
      case .entry(let i, let k, let last):
        drawEntry(slot: i, k, last: last, c, y: y, inner: inner, into: &grid)
      case .slot(let i):
        let slot = snapshot.slots[i]
        let d = slot.descriptor
        let (word, role) = Self.word(slot.state)
        let base = slot.state == .stale || slot.state == .empty ? dim : Style.plain
        let drv = snapshot.driverNext.slot == i, dev = snapshot.deviceNext.slot == i
        if drv || dev {
          let tag = drv && dev ? "d+v" : (drv ? "drv" : "dev")
          let style = drv && dev ? context.style(.paneTitle) : context.writer(drv ? .driver : .device).bolded
          grid.put(tag + context.symbol("▸", ">"), at: at(0), style: style, clip: inner)
        }
        grid.put(PaneFormat.right(String(i), c.idxW), at: at(c.idxX), style: context.style(role), clip: inner)
        let bits = "\(d.flags.contains(.avail) ? 1 : 0) \(d.flags.contains(.used) ? 1 : 0)"
        putValue(bits, field: .descriptor(i, .flags), base: base, x: inner.x + c.aX, y: y, clip: inner, into: &grid)
        putValue(PaneFormat.right(String(d.id), c.idW), field: .descriptor(i, .id), base: base, x: inner.x + c.idX, y: y, clip: inner, into: &grid)
        putValue(PaneFormat.right(String(d.length), c.lenW), field: .descriptor(i, .len), base: base, x: inner.x + c.lenX, y: y, clip: inner, into: &grid)
        if c.showAddr {
          putValue(hex(d.address), field: .descriptor(i, .addr), base: base, x: inner.x + c.addrX, y: y, clip: inner, into: &grid)
        }
        grid.put(Self.letters(d.flags), at: at(c.flagsX), style: style(.descriptor(i, .flags), base: base), clip: inner)
        if c.showBy, let by = slot.writtenBy {
          grid.put(by == .driver ? "drv" : "dev", at: at(c.byX), style: context.writer(by), clip: inner)
        }
        if c.showState {
          var style = context.style(role)
          if slot.state == .stale { style.bold = true }
          grid.put(word, at: at(c.stateX), style: style, clip: inner)
        }
      }
      bufferText(row, c.buffer, usedIDOnly: c.usedIDOnly).draw(at: at(c.bufferX), limit: max(0, inner.maxX - inner.x - c.bufferX), into: &grid, ellipsis: "")
    }
    for bus in c.buses {
      let style = context.writer(.driver)
      let lane = inner.x + c.gutterX + 1 + bus.lane
      for r in bus.rows {
        let stub = Point(x: inner.x + c.gutterX, y: top + r)
        wires.segment(stub, Point(x: lane, y: top + r), style: style)
        if r == bus.head { wires.stub(stub, towardsWest: true, style: style) } else { wires.arrow(at: stub, left: true, style: style) }
      }
      wires.segment(Point(x: lane, y: top + bus.rows.min()!), Point(x: lane, y: top + bus.rows.max()!), style: style)
    }
    wires.paint(into: &grid, clip: inner, unicode: context.capabilities.unicode)
  }
}
