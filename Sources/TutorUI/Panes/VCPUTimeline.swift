import TermGrid
import VirtioFlows

/// Where the vCPU's time goes in a flow run, read from the flow's own hops and prices (one interpreter): the guest
/// runs until an exit; a heavyweight exit (``ExitClass/userspace``) takes the vCPU thread out to QEMU in user
/// space; a lightweight one (an ioeventfd kick) and an interrupt's EOI exit or injection work stay in KVM. The
/// cost model prices only these transitions, so the guest's own stretches have no length: each is one cell.
struct VCPUTimeline {
  /// Where the vCPU is during a span.
  enum Place: CaseIterable { case guest, kvm, qemu }

  /// One stretch of the vCPU's time: the guest running (unpriced) or one priced transition.
  struct Span: Equatable {
    var place: Place
    var cycles: Int
    /// The exit's class, nil for the guest and for injection work.
    var exit: ExitClass?
    /// Index of the flow step and of the hop that started the span.
    var step: Int
    var hop: Int
  }

  /// Every span of `steps`, in order.
  static func spans(of steps: [FlowStep]) -> [Span] {
    var spans = [Span(place: .guest, cycles: 0, exit: nil, step: 0, hop: -1)]
    func guest(_ step: Int, _ hop: Int) {
      if spans.last?.place != .guest { spans.append(Span(place: .guest, cycles: 0, exit: nil, step: step, hop: hop)) }
    }
    for (s, step) in steps.enumerated() {
      for (h, hop) in step.hops.enumerated() {
        switch hop.kind {
        case .vmExit:
          let place: Place = hop.exit == .userspace ? .qemu : .kvm
          spans.append(Span(place: place, cycles: hop.cycles, exit: hop.exit, step: s, hop: h))
        case .interruptInjection where hop.cycles > 0:
          // Injected at the next entry when the vCPU is out (inside an exit); a running guest is interrupted and
          // resumes at once.
          let running = spans.last?.place == .guest
          spans.append(Span(place: .kvm, cycles: hop.cycles, exit: nil, step: s, hop: h))
          if running { guest(s, h) }
        case .vmEntry:
          guest(s, h)
        default:
          break
        }
      }
    }
    return spans
  }

  let spans: [Span]
  /// How many spans have happened (up to the flow step and hop being drawn).
  let shown: Int
  /// The flow step being drawn (its spans are lit).
  let current: Int

  /// The timeline of `run` up to flow step `cursor` (1-based, as ``VisualFrame/flowCursor``) and its hop `head`.
  init(run: FlowRun, cursor: Int, head: Int?) {
    spans = Self.spans(of: run.steps)
    current = cursor - 1
    shown = spans.filter { $0.step < cursor - 1 || ($0.step == cursor - 1 && $0.hop <= (head ?? Int.max)) }.count
  }

  /// Whether the run has any priced vCPU transition to show.
  var isEmpty: Bool { !spans.contains { $0.place != .guest } }

  /// The strip's rows: guest, KVM, QEMU, then a legend.
  static let height = 4
  /// The compact strip's rows: one `vCPU` row whose glyphs tell guest, KVM and QEMU apart, then the legend.
  static let compactHeight = 2

  /// The cells each span takes at `unit` cycles per cell (the guest's one cell).
  static func widths(_ spans: [Span], unit: Int) -> [Int] {
    spans.map { $0.place == .guest ? 1 : max(1, ($0.cycles + unit - 1) / unit) }
  }

  /// The smallest scale from a 1-2-5 series at which the whole run fits `width`, nil when even one cell per span
  /// does not (the strip then shows totals).
  func unit(fitting width: Int) -> Int? {
    guard spans.count <= width else { return nil }
    var base = 100
    while base <= 1_000_000_000 {
      for unit in [base, 2 * base, 5 * base] where Self.widths(spans, unit: unit).reduce(0, +) <= width { return unit }
      base *= 10
    }
    return nil
  }

  /// One row: `vCPU ▬█▬░▬` (█ QEMU, ▒ a light exit, ░ an interrupt's KVM work, ▬ the guest), then the legend.
  func drawCompact(in area: Rect, context: PaneContext, into grid: inout CellGrid) {
    guard area.height >= 1, area.width > 12 else { return }
    grid.put(context.text("vCPU"), at: area.origin, style: context.style(PaneContext.role(of: .vcpu)), clip: area)
    let strip = Rect(x: area.x + 5, y: area.y, width: area.width - 5, height: 1)
    let done = Array(spans.prefix(shown))
    let unit = unit(fitting: strip.width)
    var x = strip.x
    if let unit {
      for (span, width) in zip(done, Self.widths(done, unit: unit)) {
        var style = context.style(role(span.place))
        if span.step == current { style = context.style(.current) }
        grid.put(String(repeating: glyph(span, context), count: width), at: Point(x: x, y: strip.y), style: style, clip: strip)
        x += width
      }
    } else {
      // Too many spans for a cell each: the cycles so far split between KVM and QEMU.
      let total = max(1, spans.reduce(0) { $0 + $1.cycles })
      for place in [Place.qemu, .kvm] {
        let cycles = done.filter { $0.place == place }.reduce(0) { $0 + $1.cycles }
        let width = cycles == 0 ? 0 : max(1, cycles * strip.width / total)
        let text = String(repeating: shareGlyph(place, context), count: width)
        grid.put(text, at: Point(x: x, y: strip.y), style: context.style(role(place)), clip: strip)
        x += width
      }
    }
    guard area.height >= Self.compactHeight else { return }  // one row: the strip alone (the counters count)
    let scale = unit.map { "1 cell = \(NumberFormat.grouped($0)) cycles" } ?? "share of cycles"
    legend(scale: scale, done, at: Point(x: area.x, y: area.y + 1), width: area.width, context: context, into: &grid)
  }

  func role(_ place: Place) -> ThemeRole {
    switch place {
    case .guest: return PaneContext.role(of: .guestDriver)
    case .kvm: return PaneContext.role(of: .hypervisor)
    case .qemu: return PaneContext.role(of: .deviceModel)
    }
  }

  func draw(in area: Rect, context: PaneContext, into grid: inout CellGrid) {
    guard area.height >= Self.height, area.width > 12 else { return }
    let labels: [(Place, String, ThemeRole)] = [
      (.guest, "guest", PaneContext.role(of: .guestDriver)), (.kvm, "KVM", PaneContext.role(of: .hypervisor)),
      (.qemu, "QEMU", PaneContext.role(of: .deviceModel)),
    ]
    let labelWidth = 6
    for (row, (_, name, role)) in labels.enumerated() {
      grid.put(context.text(name), at: Point(x: area.x, y: area.y + row), style: context.style(role), clip: area)
    }
    let strip = Rect(x: area.x + labelWidth, y: area.y, width: area.width - labelWidth, height: 3)
    let done = Array(spans.prefix(shown))
    if let unit = unit(fitting: strip.width) {
      var x = strip.x
      for (span, width) in zip(done, Self.widths(done, unit: unit)) {
        let row = labels.firstIndex { $0.0 == span.place } ?? 0
        var style = context.style(labels[row].2)
        if span.step == current { style = context.style(.current) }
        let text = String(repeating: glyph(span, context), count: width)
        grid.put(text, at: Point(x: x, y: strip.y + row), style: style, clip: strip)
        x += width
      }
      legend(
        scale: "1 cell = \(NumberFormat.grouped(unit)) cycles", done, at: Point(x: area.x, y: area.y + 3),
        width: area.width, context: context, into: &grid)
    } else {
      // Too many spans for one cell each: each row's share of the cycles so far, as a bar.
      let total = max(1, spans.reduce(0) { $0 + $1.cycles })
      for (row, (place, _, role)) in labels.enumerated() where place != .guest {
        let cycles = done.filter { $0.place == place }.reduce(0) { $0 + $1.cycles }
        let width = cycles == 0 ? 0 : max(1, cycles * strip.width / total)
        let text = String(repeating: shareGlyph(place, context), count: width)
        grid.put(text, at: Point(x: strip.x, y: strip.y + row), style: context.style(role), clip: strip)
      }
      grid.put(
        context.text("guest time is not priced"), at: Point(x: strip.x, y: strip.y), style: context.style(.dim),
        clip: strip)
      legend(
        scale: "bars: share of the run's cycles", done, at: Point(x: area.x, y: area.y + 3), width: area.width,
        context: context, into: &grid)
    }
  }

  /// A place's glyph in the share bars: QEMU's `█`; KVM's `▒` when the run has light exits, else `░`.
  func shareGlyph(_ place: Place, _ context: PaneContext) -> String {
    if place == .qemu { return context.symbol("█", "#") }
    return spans.contains { $0.exit == .kernel } ? context.symbol("▒", "=") : context.symbol("░", ":")
  }

  func glyph(_ span: Span, _ context: PaneContext) -> String {
    switch span.place {
    case .guest: return context.symbol("▬", "-")
    case .qemu: return context.symbol("█", "#")
    case .kvm: return span.exit == .kernel ? context.symbol("▒", "=") : context.symbol("░", ":")
    }
  }

  /// `█ heavy 2  ▒ light 0  ░ irq-x 2 + inject 2 · 12,000 cycles · 1 cell = 200 cycles`: the exits by class (the
  /// counters' heavy, light and irq-x), the injections whose work is in KVM, the cycles so far.
  func legend(
    scale: String, _ done: [Span], at origin: Point, width: Int, context: PaneContext, into grid: inout CellGrid
  ) {
    let heavy = done.filter { $0.exit == .userspace }.count
    let light = done.filter { $0.exit == .kernel }.count
    let irq = done.filter { $0.exit == .interrupt }.count
    let injected = done.filter { $0.place == .kvm && $0.exit == nil }.count
    let cycles = done.reduce(0) { $0 + $1.cycles }
    func build(
      _ gap: String, _ injections: Bool, _ cyclesName: String, tight: Bool = false, cyclesText: String? = nil
    ) -> LineBuilder {
      let space = tight ? "" : " "
      var line = LineBuilder()
      line.add(context.symbol("█", "#") + space + "heavy \(heavy)" + gap, context.style(PaneContext.role(of: .deviceModel)))
      line.add(context.symbol("▒", "=") + space + "light \(light)" + gap, context.style(PaneContext.role(of: .hypervisor)))
      line.add(
        context.symbol("░", ":") + space + "irq-x \(irq)" + (injections ? " + inject \(injected)" : ""),
        context.style(PaneContext.role(of: .hypervisor)))
      let unit = cyclesName.isEmpty ? "" : " " + cyclesName
      if let cyclesText, cyclesText.isEmpty { return line }
      line.add(context.text(" · \(cyclesText ?? NumberFormat.grouped(cycles))\(unit)"), context.style(.changed))
      return line
    }
    var line = build("  ", true, "cycles")
    if line.width > width { line = build(" ", false, "cycles") }
    if line.width > width { line = build(" ", false, "") }
    if line.width > width { line = build(" ", false, "", tight: true) }
    // Then the cycles in four cells (`657k`), then none: the counts stay whole, never cut.
    if line.width > width { line = build(" ", false, "", tight: true, cyclesText: PaneFormat.count(cycles, width: 4)) }
    if line.width > width { line = build(" ", false, "", tight: true, cyclesText: "") }
    if line.width + scale.count + 3 <= width { line.add(context.text(" · " + scale), context.style(.dim)) }
    line.draw(at: origin, limit: width, into: &grid, ellipsis: context.text("…"))
  }
}
