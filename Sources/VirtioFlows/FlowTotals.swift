/// What a flow cost, counted from its hops: VM exits by class, VM entries, interrupts, DMA transfers, kicks,
/// wake-ups, cycles and microseconds.
public struct FlowTotals: Equatable, Hashable, Sendable {
  /// Heavyweight exits handled by the device model in user space.
  public internal(set) var userspaceExits = 0
  /// Lightweight exits handled in the kernel (ioeventfd).
  public internal(set) var kernelExits = 0
  /// Exits for interrupt delivery: host external interrupts while the guest runs, EOIs without APICv.
  public internal(set) var interruptExits = 0
  /// VM entries (one per exit).
  public internal(set) var entries = 0
  /// Physical interrupts the host takes (a NIC's MSI or line interrupt).
  public internal(set) var hostInterrupts = 0
  /// Virtual interrupts delivered to the guest (injected or posted).
  public internal(set) var injectedInterrupts = 0
  /// Interrupts a device decided not to send (notification suppression).
  public internal(set) var interruptsSuppressed = 0
  /// DMA transfers by a physical device.
  public internal(set) var dmaTransfers = 0
  /// Driver notifications (virtio kicks, NIC doorbells).
  public internal(set) var kicks = 0
  /// Kicks the driver decided not to send (notification suppression).
  public internal(set) var kicksSuppressed = 0
  /// Device threads woken by an eventfd.
  public internal(set) var wakeUps = 0
  /// Cycles charged.
  public internal(set) var cycles = 0
  /// ``cycles`` in microseconds at the cost model's clock.
  public internal(set) var micros = 0.0
  /// Latency added by wake-ups (``wakeUps`` × the wake-up latency), reported apart from ``micros``.
  public internal(set) var wakeUpMicros = 0.0

  /// Zero totals.
  public init() {}

  /// The totals of `steps` under `cost`.
  public init(steps: some Sequence<FlowStep>, cost: CostModel) {
    for step in steps { add(step, cost: cost) }
  }

  /// All VM exits.
  public var exits: Int { userspaceExits + kernelExits + interruptExits }
  /// Host plus injected interrupts.
  public var interrupts: Int { hostInterrupts + injectedInterrupts }

  /// Exits of one class.
  public func exits(_ exitClass: ExitClass) -> Int {
    switch exitClass {
    case .userspace: return userspaceExits
    case .kernel: return kernelExits
    case .interrupt: return interruptExits
    }
  }

  /// Adds one step's hops.
  public mutating func add(_ step: FlowStep, cost: CostModel) {
    for hop in step.hops { add(hop) }
    price(cost)
  }

  /// Adds `hops` `times` times without pricing (``price(_:)`` sets the microseconds afterwards): what a flow past
  /// its kept steps counts, in one multiplication however many identical steps there are.
  mutating func add(_ hops: [Hop], times: Int = 1) {
    guard times > 0 else { return }
    var once = FlowTotals()
    for hop in hops { once.add(hop) }
    userspaceExits += once.userspaceExits * times
    kernelExits += once.kernelExits * times
    interruptExits += once.interruptExits * times
    entries += once.entries * times
    hostInterrupts += once.hostInterrupts * times
    injectedInterrupts += once.injectedInterrupts * times
    interruptsSuppressed += once.interruptsSuppressed * times
    dmaTransfers += once.dmaTransfers * times
    kicks += once.kicks * times
    kicksSuppressed += once.kicksSuppressed * times
    wakeUps += once.wakeUps * times
    cycles += once.cycles * times
  }

  /// Sets ``micros`` and ``wakeUpMicros`` from the counts under `cost`.
  mutating func price(_ cost: CostModel) {
    micros = cost.micros(cycles)
    wakeUpMicros = Double(wakeUps) * cost.wakeUpMicros
  }

  mutating func add(_ hop: Hop) {
    cycles += hop.cycles
    switch hop.kind {
    case .vmExit:
      switch hop.exit ?? .userspace {
      case .userspace: userspaceExits += 1
      case .kernel: kernelExits += 1
      case .interrupt: interruptExits += 1
      }
    case .vmEntry: entries += 1
    case .interrupt: hostInterrupts += 1
    case .interruptInjection, .postedInterrupt: injectedInterrupts += 1
    case .interruptSuppressed: interruptsSuppressed += 1
    case .dma: dmaTransfers += 1
    case .notify: kicks += 1
    case .notifySuppressed: kicksSuppressed += 1
    case .wakeUp: wakeUps += 1
    default: break
    }
  }
}
