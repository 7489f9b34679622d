import VirtioCore
import VirtioFlows

/// One row of the counters pane: one run with its own label and its totals up to the cursor. The queue's row
/// prices the engine's kicks and interrupts under the lesson's transport (a kick is the VM exit it would be);
/// a flow's row is the flow's own totals. Rows are never added together: unrelated runs do not make a total.
public struct CounterRow: Equatable, Sendable {
  /// What ran: `queue (PCI, ioeventfd, MSI-X)`, `emulated 64 B`, `virtio 1500 B, no ioeventfd`.
  public var label: String
  /// Whether the row is a flow's (its script quantities are `flow.NAME`) or the queue's.
  public var isFlow: Bool
  /// The counts and costs.
  public var totals: FlowTotals
  /// The label for a narrow pane (`emu 64B MMIO`, `queue`).
  public var shortLabel: String
  /// The quantities the step's text pins for this run (its `expect`s, its exercise's `check:`): shown first and
  /// in bold, so the count the text states is on screen at every size.
  public var pinned: Set<CounterQuantity> = []
  /// The quantities the step's unanswered exercise asks for: drawn as `?` until it is answered.
  public var concealed: Set<CounterQuantity> = []

  public init(label: String, isFlow: Bool, totals: FlowTotals, shortLabel: String? = nil) {
    self.label = label
    self.isFlow = isFlow
    self.totals = totals
    self.shortLabel = shortLabel ?? label
  }

  /// The queue's row: every kick and interrupt since the `queue` command, priced under `transport`.
  public static func queue(
    _ counters: Virtqueue.Counters, transport: EngineTransport, cost: CostModel = .default, sinceQueueLine: Bool = false
  ) -> CounterRow {
    CounterRow(
      label: sinceQueueLine ? "queue since its queue line (\(transport.summary))" : "queue (\(transport.summary))",
      isFlow: false,
      totals: transport.totals(
        kicks: counters.kicks, kicksSuppressed: counters.kicksSuppressed, interrupts: counters.interrupts,
        interruptsSuppressed: counters.interruptsSuppressed, cost: cost),
      shortLabel: sinceQueueLine ? "since queue" : "queue")
  }

  /// The queue's row for one step: the counts since `start` (the step's first command), "queue, this step".
  public static func queue(
    _ counters: Virtqueue.Counters, since start: Virtqueue.Counters, transport: EngineTransport, cost: CostModel = .default
  ) -> CounterRow {
    CounterRow(
      label: "queue, this step (\(transport.summary))", isFlow: false,
      totals: transport.totals(
        kicks: counters.kicks - start.kicks, kicksSuppressed: counters.kicksSuppressed - start.kicksSuppressed,
        interrupts: counters.interrupts - start.interrupts,
        interruptsSuppressed: counters.interruptsSuppressed - start.interruptsSuppressed, cost: cost),
      shortLabel: "this step")
  }

  /// A flow run's row after its first `steps` steps (its whole totals once every kept step has played: a run keeps
  /// at most its first 10,000 steps and counts the rest).
  public static func flow(_ run: FlowRun, steps: Int) -> CounterRow {
    let totals = steps >= run.steps.count ? run.totals : run.totals(afterSteps: steps)
    return CounterRow(label: label(of: run), isFlow: true, totals: totals, shortLabel: label(of: run, short: true))
  }

  /// `emulated 64 B`, `emulated 64 B MMIO`, `virtio 64 B no-ioeventfd`, `increment ×3`: the options that differ
  /// from the flow's defaults, shortest first.
  static func label(of run: FlowRun, short: Bool = false) -> String {
    let o = run.options
    let d = FlowOptions.defaults(for: run.flow)
    let shortName: [Flow: String] = [.emulated: "emu", .assigned: "vfio", .virtio: "virtio", .increment: "incr"]
    var parts = [short ? shortName[run.flow] ?? run.flow.rawValue : run.flow.rawValue]
    if run.flow != .increment { parts.append(short ? "\(o.bytes)B" : "\(o.bytes) B") }
    if o.packets != d.packets { parts.append("×\(o.packets)") }
    if o.batch != d.batch { parts.append("batch \(o.batch)") }
    if run.flow == .emulated && o.variant != d.variant { parts.append(o.variant.displayName) }
    if o.direction != d.direction { parts.append(o.direction.displayName) }
    if run.flow == .blk && o.iothread != d.iothread { parts.append(o.iothread ? "iothread" : "main loop") }
    if run.flow == .virtio || run.flow == .increment || run.flow == .blk {
      if o.vhost != d.vhost { parts.append(o.vhost ? "vhost" : "no vhost") }
      if o.ioeventfd != d.ioeventfd { parts.append(o.ioeventfd ? "ioeventfd" : (short ? "sync" : "no ioeventfd")) }
      if o.msix != d.msix { parts.append(o.msix ? "MSI-X" : "INTx") }
      if o.eventIdx != d.eventIdx { parts.append(o.eventIdx ? "EVENT_IDX" : "no EVENT_IDX") }
    }
    if o.postedInterrupts != d.postedInterrupts { parts.append("posted") }
    return parts.joined(separator: " ")
  }
}
