import TermGrid
import VirtioCore
import VirtioFlows

// Helpers shared by the visualisation panes: text that respects the terminal's glyph set, the titled box every pane
// draws, windows over long lists, and short number formats.

extension PaneContext {
  /// A theme role's style.
  func style(_ role: ThemeRole) -> Style { theme.style(role) }

  /// `text` as the terminal can show it: unchanged on a Unicode terminal; otherwise with readable ASCII spellings
  /// (`→` becomes `->`, `µs` becomes `us`) and every other non-ASCII scalar replaced by its look-alike.
  func text(_ text: String) -> String {
    if capabilities.unicode { return text }
    var ascii = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "→": ascii += "->"
      case "←": ascii += "<-"
      case "µ": ascii += "u"
      case "≈": ascii += "~"
      case "×": ascii += "x"
      case "…": ascii += "..."
      default: ascii.unicodeScalars.append(scalar)
      }
    }
    return TextSanitizer.asciiString(ascii)
  }

  /// Draws the pane's box with its title (focused panes get the focused border) and returns the interior.
  func drawBox(_ area: Rect, title: String, into grid: inout CellGrid) -> Rect {
    let border = focused ? style(.borderFocused) : style(.border)
    return grid.drawBox(area, title: text(title), style: border, titleStyle: style(.paneTitle), glyphs: glyphs)
  }

  /// The style of a party of the flow diagram or the event log.
  func style(of component: Component) -> Style { style(PaneContext.role(of: component)) }

  static func role(of component: Component) -> ThemeRole {
    switch component {
    case .guestApplication, .guestDriver, .guestMemory, .vcpu: return .driver
    case .hypervisor: return .hypervisor
    case .deviceModel: return .device
    case .hostKernel, .interruptController: return .host
    case .iommu, .physicalNIC: return .hardware
    }
  }

  static func role(of role: Role) -> ThemeRole { role == .driver ? .driver : .device }
}

/// Pieces of text laid out on one row, cut at the right edge with `…` when they do not fit.
struct LineBuilder {
  private(set) var spans: [StyledSpan] = []
  private(set) var width = 0

  mutating func add(_ text: String, _ style: Style = .plain) {
    spans.append(StyledSpan(text, style: style))
    width += text.unicodeScalars.count
  }

  /// Draws the line at `origin`, at most `limit` cells; an overlong line ends in `ellipsis`.
  func draw(at origin: Point, limit: Int, into grid: inout CellGrid, ellipsis: String) {
    guard limit > 0 else { return }
    let clip = Rect(x: origin.x, y: origin.y, width: limit, height: 1)
    grid.put(spans, at: origin, clip: clip)
    if width > limit {
      let mark = ellipsis.unicodeScalars.count
      let start = origin.x + max(0, limit - mark)
      grid.put(ellipsis, at: Point(x: start, y: origin.y), style: spans.last?.style ?? .plain, clip: clip)
    }
  }
}

enum PaneFormat {
  /// Rows `0..<count` in at most `limit` lines: `focus` and the rows of `keep` (while they fit, in order), then
  /// the rows nearest `focus`, with `nil` (a `…` line) for each run left out (a ring's window that keeps both
  /// sides' next slots in view).
  static func window(count: Int, limit: Int, focus: Int, keep: [Int]) -> [Int?] {
    guard count > 0, limit > 0 else { return [] }
    if count <= limit { return (0..<count).map { Optional($0) } }
    func lines(_ chosen: Set<Int>) -> Int {
      let sorted = chosen.sorted()
      guard let first = sorted.first, let last = sorted.last else { return 0 }
      var gaps = (first > 0 ? 1 : 0) + (last < count - 1 ? 1 : 0)
      for (a, b) in zip(sorted, sorted.dropFirst()) where b > a + 1 { gaps += 1 }
      return sorted.count + gaps
    }
    var chosen: Set<Int> = [min(max(focus, 0), count - 1)]
    var candidates = keep.filter { (0..<count).contains($0) }
    for d in 1..<count { candidates += [focus + d, focus - d].filter { (0..<count).contains($0) } }
    for c in candidates where !chosen.contains(c) && lines(chosen.union([c])) <= limit { chosen.insert(c) }
    var out: [Int?] = []
    var previous = -1
    for r in chosen.sorted() {
      if r > previous + 1 { out.append(nil) }
      out.append(r)
      previous = r
    }
    if previous < count - 1 { out.append(nil) }
    return Array(out.prefix(limit))
  }

  /// The indices to show when `count` items must fit in `slots` places, centred on `focus`; `nil` marks a `…`
  /// place standing for the items left out.
  static func window(count: Int, slots: Int, focus: Int) -> [Int?] {
    guard count > 0, slots > 0 else { return [] }
    if count <= slots { return Array(0..<count).map { Optional($0) } }
    let focus = min(max(focus, 0), count - 1)
    if slots < 3 {
      let start = min(max(focus - (slots - 1) / 2, 0), count - slots)
      return Array(start..<start + slots).map { Optional($0) }
    }
    let body = slots - 2
    let start = focus - body / 2
    if start <= 0 { return Array(0..<slots - 1).map { Optional($0) } + [nil] }
    if start + body >= count { return [nil] + Array(count - (slots - 1)..<count).map { Optional($0) } }
    return [nil] + Array(start..<start + body).map { Optional($0) } + [nil]
  }

  /// Like ``window(count:slots:focus:)``, but keeping the rows of `block` in view, from its first (with `nil` for
  /// the `…` rows before and after): the rest of the room goes to the rows after the block, then before it, so that
  /// the first row shown is one where `canStart` holds (a table's entries never hang from `…` without their
  /// descriptor). A block taller than the room is shown from its first row.
  static func window(
    count: Int, slots: Int, keeping block: ClosedRange<Int>, canStart: (Int) -> Bool = { _ in true }
  ) -> [Int?] {
    guard count > 0, slots > 0 else { return [] }
    if count <= slots { return Array(0..<count).map { Optional($0) } }
    var lo = min(max(block.lowerBound, 0), count - 1)
    var hi = min(max(block.upperBound, lo), count - 1)
    func used(_ lo: Int, _ hi: Int) -> Int { hi - lo + 1 + (lo > 0 ? 1 : 0) + (hi < count - 1 ? 1 : 0) }
    if used(lo, hi) > slots {
      hi = lo + max(0, slots - (lo > 0 ? 1 : 0) - 1) - 1
      hi = max(lo, hi)
    } else {
      while hi < count - 1 && used(lo, hi + 1) <= slots { hi += 1 }
      let first = lo
      while lo > 0 && used(lo - 1, hi) <= slots { lo -= 1 }
      while lo < first && !canStart(lo) { lo += 1 }
    }
    var rows: [Int?] = lo > 0 ? [nil] : []
    rows += (lo...hi).map { Optional($0) }
    if hi < count - 1 { rows.append(nil) }
    return Array(rows.prefix(slots))
  }

  /// `1,234`, shortened to `12k`, `3.4M` when wider than `width`.
  static func count(_ value: Int, width: Int) -> String {
    let full = NumberFormat.grouped(value)
    if full.count <= width { return full }
    return short(Double(value), width: width)
  }

  /// A value in at most `width` cells: `1.2k`, `34M`, `5.6G`.
  static func short(_ value: Double, width: Int) -> String {
    let units: [(Double, String)] = [(1e9, "G"), (1e6, "M"), (1e3, "k")]
    for (scale, suffix) in units where abs(value) >= scale {
      let scaled = value / scale
      let one = NumberFormat.fixed(scaled, 1) + suffix
      if one.count <= width { return one }
      return NumberFormat.fixed(scaled, 0) + suffix
    }
    return NumberFormat.fixed(value, 0)
  }

  /// Microseconds with two decimals below 10, one below 1,000, none above (shortened to fit `width`).
  static func micros(_ value: Double, width: Int) -> String {
    let text =
      value < 10
      ? NumberFormat.fixed(value, 2) : (value < 1_000 ? NumberFormat.fixed(value, 1) : NumberFormat.fixed(value, 0))
    if text.count <= width { return text }
    let shorter = NumberFormat.fixed(value, 0)
    return shorter.count <= width ? shorter : short(value, width: width)
  }

  /// Number of decimal digits of a non-negative value.
  static func digits(_ value: Int) -> Int { String(max(0, value)).count }

  /// `text` padded with spaces on the left to `width`.
  static func right(_ text: String, _ width: Int) -> String {
    let n = text.unicodeScalars.count
    return n >= width ? text : String(repeating: " ", count: width - n) + text
  }

  /// `text` padded with spaces on the right to `width`.
  static func left(_ text: String, _ width: Int) -> String {
    let n = text.unicodeScalars.count
    return n >= width ? text : text + String(repeating: " ", count: width - n)
  }
}
