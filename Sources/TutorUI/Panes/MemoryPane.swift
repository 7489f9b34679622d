import TermGrid
import VirtioCore

/// Guest memory at the cursor, with its structure: a caption naming the current access (the ring fields it
/// touches, the value, who reads or writes it), then ``MemoryStrip``: rows of bytes labelled with the ring fields
/// they hold (`desc[0]`, `avail.idx`, `avail.ring[0..5]`, `used_event`, `pad`, …), runs of zero rows collapsed, and
/// the chains' buffers and indirect tables in a `data` strip. The current access's bytes are always on screen.
///
/// ```
/// ┌─ guest memory ─────────────────────┐
/// │used.ring[0].id = 0 @0x109c         │
/// │0x1000 00 20 00 00  desc[0]         │
/// │0x1010–0x107f  desc[1..7] zero      │
/// └────────────────────────────────────┘
/// ```
public struct MemoryPane: Pane {
  public init() {}

  /// Draws the pane (its box included) into `area`.
  public func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let area = area.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    let inner = context.drawBox(area, title: "guest memory", into: &grid)
    guard !inner.isEmpty else { return }
    let frame = context.frame
    guard let memory = frame.memory ?? frame.queue?.memory.currentView, memory.size > 0 else {
      grid.put(context.text("no guest memory yet"), at: inner.origin, style: context.style(.dim), clip: inner)
      return
    }
    let layout = frame.queue?.layout
    let focus = Self.focus(frame)
    let start = focus?.address ?? layout?.descriptorTable ?? 0
    let length = max(1, focus?.length ?? 0)

    // Caption.
    var y = inner.y
    let captionLines = inner.height >= 6 && inner.width >= 50 ? 2 : (inner.height >= 3 ? 1 : 0)
    if captionLines > 0 {
      drawCaption(
        focus: focus, start: start, length: length, layout: layout, lines: captionLines, y: y, inner: inner,
        context: context, into: &grid)
      y += captionLines
    }

    let focusRange = focus.map { f -> Range<UInt64> in
      let (end, overflow) = f.address.addingReportingOverflow(UInt64(max(1, f.length)))
      return f.address..<(overflow ? .max : end)
    }
    let rect = Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - y)
    let written = Self.writtenRanges(frame)
    if let (snapshot, _) = RingModel.split(frame) {
      MemoryStrip(
        split: snapshot, memory: memory, focus: focusRange, focusRole: focus?.entry.role, lit: !frame.isSettled,
        written: written, context: context.picture
      ).draw(in: rect, into: &grid)
    } else if let packed = frame.packedQueue {
      let layout = packed.layout
      MemoryStrip(
        memory: memory,
        field: { a in
          guard let f = layout.field(at: a) else { return nil }
          var id = f.description
          if case .descriptor(let i, _) = f { id = "desc[\(i)]" }
          return (f.description, id, f.owner)
        },
        ring: layout.descriptorRing..<layout.end, regions: [], focus: focusRange, focusRole: focus?.entry.role,
        lit: !frame.isSettled, written: written, context: context.picture
      ).draw(in: rect, into: &grid)
    }
  }

  /// The access to show: the current event's bytes, else the latest event before it that touched memory.
  static func focus(_ frame: VisualFrame) -> (address: UInt64, length: Int, entry: TraceEntry)? {
    let played = frame.events.prefix(max(0, min(frame.cursor, frame.events.count)))
    let layout = frame.queue?.layout
    for entry in played.reversed() {
      if let address = entry.address { return (address, entry.length ?? 1, entry) }
      if let field = entry.field, let location = layout?.location(of: field) {
        return (location.address, location.width, entry)
      }
    }
    return nil
  }

  /// Byte ranges written (or poked) by the step's events before the current one, with their writer.
  static func writtenRanges(_ frame: VisualFrame) -> [(Range<UInt64>, Role)] {
    let played = frame.events.prefix(max(0, min(frame.cursor, frame.events.count) - 1))
    return played.compactMap { entry in
      guard entry.kind == .write || entry.kind == .poke, let address = entry.address, let length = entry.length,
        length > 0
      else {
        return nil
      }
      let (end, overflow) = address.addingReportingOverflow(UInt64(length))
      return overflow ? nil : (address..<end, entry.role)
    }
  }

  /// The ring fields covering `[start, start + length)`, at most `limit` names then `…`.
  static func fieldNames(start: UInt64, length: Int, layout: SplitLayout?, limit: Int = 3) -> [String] {
    guard let layout else { return [] }
    var names: [String] = []
    var address = start
    let (sum, overflow) = start.addingReportingOverflow(UInt64(min(max(1, length), 512)))
    let end = overflow ? UInt64.max : sum
    while address < end {
      guard let field = layout.field(at: address), let location = layout.location(of: field) else {
        address += 1
        continue
      }
      if names.count == limit {
        names.append("…")
        break
      }
      names.append(field.description)
      address = max(address + 1, location.address + UInt64(location.width))
    }
    return names
  }

  func drawCaption(
    focus: (address: UInt64, length: Int, entry: TraceEntry)?, start: UInt64, length: Int, layout: SplitLayout?,
    lines: Int, y: Int, inner: Rect, context: PaneContext, into grid: inout CellGrid
  ) {
    guard let focus else {
      grid.put(context.text("no access yet"), at: Point(x: inner.x, y: y), style: context.style(.dim), clip: inner)
      return
    }
    let entry = focus.entry
    var names = Self.fieldNames(start: start, length: length, layout: layout)
    if names.isEmpty, case .buffer? = entry.field { names = ["buffer"] }
    if names.isEmpty, let field = entry.field { names = [field.description] }
    if names.isEmpty { names = ["bytes"] }
    let role = context.frame.isSettled ? ThemeRole.changed : .current
    var value = ""
    if let v = entry.value, let field = entry.field {
      if case .buffer = field {
      } else {
        value = (entry.kind == .read ? " → " : " = ") + FieldFormat.value(v, of: field)
      }
    }
    let verb: String
    switch entry.kind {
    case .read: verb = "read"
    case .write: verb = "write"
    case .poke: verb = "poke"
    default: verb = entry.kind.rawValue
    }
    let at = "@" + hex(start)
    let size = "\(length) byte\(length == 1 ? "" : "s")"
    if lines >= 2 {
      var first = LineBuilder()
      first.add(context.text(names.joined(separator: " ")), context.style(role))
      first.add(context.text(value))
      first.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
      var second = LineBuilder()
      second.add("\(entry.role.rawValue) \(verb) \(at), \(size)", context.style(PaneContext.role(of: entry.role)))
      second.draw(at: Point(x: inner.x, y: y + 1), limit: inner.width, into: &grid, ellipsis: context.text("…"))
    } else {
      // The address goes first when the line is too long for the pane (it is the strip's row address anyway).
      var line = LineBuilder()
      line.add(context.text(names.joined(separator: " ")), context.style(role))
      line.add(context.text(value))
      if line.width + 1 + at.unicodeScalars.count <= inner.width { line.add(" " + at, context.style(.dim)) }
      line.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
    }
  }
}

extension String {
  func replacingSpaces(with character: Character) -> String { String(map { $0 == " " ? character : $0 }) }
}
