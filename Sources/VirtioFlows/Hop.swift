/// One arrow of a flow step: from one component to another, of a kind, with a label and a price.
public struct Hop: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// Who acts.
  public var from: Component
  /// Who is reached (may equal `from` for work inside one component, e.g. emulation).
  public var to: Component
  /// What kind of hop.
  public var kind: HopKind
  /// One line: what exactly moves (`outb 0x41 → port 0x300`, `DMA read 76 bytes at gpa 0x10000`).
  public var label: String
  /// Cycles charged under the cost model (0 when the hop is not priced).
  public var cycles: Int
  /// Which parameter priced the hop.
  public var basis: CostBasis
  /// For `.vmExit` hops: how the exit is handled.
  public var exit: ExitClass?
  /// For hops that start or end in the device model (QEMU): which of its threads handles the hop. The flows set it
  /// for every such hop they keep (``Machine`` for exits and kicks, ``FlowRecorder/deviceThread`` for the rest).
  public var thread: QEMUThread?

  public init(
    _ from: Component, _ to: Component, _ kind: HopKind, _ label: String, cycles: Int = 0, basis: CostBasis = .none,
    exit: ExitClass? = nil, thread: QEMUThread? = nil
  ) {
    self.from = from
    self.to = to
    self.kind = kind
    self.label = label
    self.cycles = cycles
    self.basis = basis
    self.exit = exit
    self.thread = thread
  }

  /// Whether the hop starts or ends in the device model (QEMU), i.e. runs on one of QEMU's threads.
  public var touchesDeviceModel: Bool { from == .deviceModel || to == .deviceModel }

  /// `guest driver → vCPU  pio-access  outb …  (5000 cycles)`.
  public var description: String {
    var line = "\(from.displayName) → \(to.displayName)  \(kind.rawValue)"
    if let exit { line += " [\(exit.displayName)]" }
    if let thread { line += " {\(thread.rawValue)}" }
    line += "  \(label)"
    if cycles > 0 { line += "  (\(NumberFormat.grouped(cycles)) cycles)" }
    return line
  }
}
