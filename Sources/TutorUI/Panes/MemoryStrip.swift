import TermGrid
import VirtioCore

/// Guest memory with its structure: rows of bytes, each labelled with the ring fields it holds (`desc[0]`,
/// `avail.idx`, `avail.ring[0..5]`, `used_event`, `pad`, `used.ring[0]` …), fields told apart by alternating
/// underlines in their writer's colour, runs of zero rows collapsed into one (`0x1020–0x107f desc[2..7] zero`),
/// then the data buffers and indirect tables in a second strip (`data`). The rows around the current event's bytes
/// are always on screen; its bytes are "now", bytes written earlier in the step "earlier".
struct MemoryStrip {
  /// A region of the data strip: a buffer or an indirect table.
  struct Region {
    var label: String
    var address: GuestAddress
    var length: Int
    /// Whether the region is an indirect table (its rows are labelled by entry).
    var isTable = false
  }

  /// One row of the strip.
  enum Row: Equatable {
    /// `perRow` bytes from an address, with the names of what they hold.
    case bytes(GuestAddress, label: String)
    /// Rows of zeros from `first` to `last` (inclusive byte addresses) collapsed.
    case zeros(GuestAddress, GuestAddress, label: String)
    /// A section heading.
    case heading(String)
    /// The rest of a region left out: its address and how many bytes.
    case more(GuestAddress, Int)
  }

  let memory: GuestMemoryView
  /// Names the ring field at an address (nil: not a ring field), with its writer.
  let field: (GuestAddress) -> (name: String, id: String, writer: Role)?
  /// The ring's bytes.
  let ring: Range<GuestAddress>
  let regions: [Region]
  /// The current event's bytes and who accesses them; whether its animation runs.
  let focus: Range<GuestAddress>?
  let focusRole: Role?
  let lit: Bool
  /// Bytes written earlier in the step, with their writer.
  let written: [(Range<GuestAddress>, Role)]
  let context: PictureContext

  /// Bytes per row for a width: 16, 8 or 4 (with room for a label).
  static func perRow(width: Int) -> Int { width >= 8 + 48 + 1 + 20 ? 16 : (width >= 8 + 24 + 1 + 14 ? 8 : 4) }

  func touched(_ range: Range<GuestAddress>) -> Bool {
    if let focus, focus.overlaps(range) { return true }
    return written.contains { $0.0.overlaps(range) }
  }

  /// Rows a data region shows at most, unless the step touched it.
  static let regionRows = 2

  /// The rows: the ring's, then a `data` heading and each region's (and the focus's, when it is in neither).
  func rows(perRow: Int) -> [Row] {
    let n = UInt64(perRow)
    var rows: [Row] = []
    /// Rows of `range`; `names` gives each row's field names; zero runs take every name (`merge`) or the first.
    func add(_ range: Range<GuestAddress>, merge: Bool, limit: Int = .max, names: (GuestAddress) -> [String]) {
      var a = range.lowerBound / n * n
      var zeros: (GuestAddress, [String])?
      var count = 0
      func flush() {
        guard let (start, list) = zeros else { return }
        let label = Self.compress(list)
        rows.append(a - 1 - start >= n ? .zeros(start, a - 1, label: label) : .bytes(start, label: label))
        count += 1
        zeros = nil
      }
      while a < range.upperBound {
        if count >= limit {
          rows.append(.more(a, Int(clamping: range.upperBound - a)))
          return
        }
        let bytes = (try? memory.read(at: a, count: perRow)) ?? []
        if !bytes.isEmpty, bytes.allSatisfy({ $0 == 0 }), !touched(a..<a + n) {
          if zeros == nil { zeros = (a, names(a)) } else if merge { zeros!.1 += names(a) }
        } else {
          flush()
          rows.append(.bytes(a, label: Self.compress(names(a))))
          count += 1
        }
        a += n
      }
      flush()
    }
    add(ring, merge: true) { ringNames($0, perRow: perRow) }
    var covered = [ring]
    if !regions.isEmpty { rows.append(.heading("data")) }
    for region in regions {
      let (end, overflow) = region.address.addingReportingOverflow(UInt64(max(1, region.length)))
      let range = region.address..<(overflow ? .max : end)
      covered.append(range)
      add(range, merge: false, limit: touched(range) ? .max : Self.regionRows) { a in
        if a <= region.address { return [region.label] }
        let offset = a - region.address
        return [region.isTable ? "table[\(offset / 16)]" : "+0x" + String(offset, radix: 16)]
      }
    }
    if let focus, !covered.contains(where: { $0.overlaps(focus) }) {
      rows.append(.heading("access"))
      add(focus, merge: false) { _ in [] }
    }
    return rows
  }

  /// The names of the ring fields in `[a, a + perRow)`, e.g. `avail.flags avail.idx avail.ring[0] …`.
  func ringNames(_ a: GuestAddress, perRow: Int) -> [String] {
    var names: [String] = []
    for b in a..<a + UInt64(perRow) {
      let name = field(b)?.id ?? (ring.contains(b) ? "pad" : "")
      if !name.isEmpty, names.last != name { names.append(name) }
    }
    return names
  }

  /// Runs of indexed names merged: `desc[2] desc[3] desc[4]` → `desc[2..4]`; repeats dropped.
  static func compress(_ names: [String]) -> String {
    var out: [(prefix: String, first: Int, last: Int)?] = []
    var plain: [Int: String] = [:]
    for name in names {
      if let open = name.firstIndex(of: "["), let close = name.firstIndex(of: "]"), open < close,
        let n = Int(name[name.index(after: open)..<close]), name.index(after: close) == name.endIndex
      {
        let prefix = String(name[..<open])
        if let last = out.last, let run = last, run.prefix == prefix, n == run.last + 1 {
          out[out.count - 1] = (prefix, run.first, n)
          continue
        }
        if let last = out.last, let run = last, run.prefix == prefix, n == run.last { continue }
        out.append((prefix, n, n))
      } else if out.last.map({ $0 == nil && plain[out.count - 1] == name }) != true {
        plain[out.count] = name
        out.append(nil)
      }
    }
    return out.enumerated().map { k, run in
      guard let run else { return plain[k]! }
      return run.first == run.last ? "\(run.prefix)[\(run.first)]" : "\(run.prefix)[\(run.first)..\(run.last)]"
    }.joined(separator: " ")
  }
}
