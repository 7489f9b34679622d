/// The parameters that turn a flow's counts into cycles and microseconds (reference `virtio.md` §6.4 "Proposed
/// cost model for the panel"), each adjustable and each with its anchor.
///
/// What is priced: the vCPU's transitions (exits with their handling, the injection work of the legacy interrupt
/// path). What is not: the guest's own work, host work on other CPUs (the vhost worker, the host NIC driver), device
/// time and memory traffic, for which the reference has no figures. The wake-up latency of a separate device thread
/// is reported on its own (``FlowTotals/wakeUpMicros``), as the reference suggests ("an optional wake-up latency
/// term for flows whose device runs on another thread").
public struct CostModel: Equatable, Hashable, Sendable {
  /// CPU clock in GHz, to convert cycles to microseconds. Default 3.0: an assumption, shown to the user (§6.4).
  public var clockGHz: Double
  /// A bare hardware exit plus entry, in cycles. Default 1,000: ringtest's `VMEXIT_CYCLES 500` +
  /// `VMENTRY_CYCLES 500` on x86 (§6.1); published range 1,000–2,000 (SplitX, AMD lkml; §6.3).
  public var exitEntryCycles: Int
  /// An exit handled in the kernel (ioeventfd, CPUID-like), round trip. Default 1,750: the CVM_eval CPUID example,
  /// 1,744 cycles (§6.3).
  public var kernelExitCycles: Int
  /// An exit handled by the device model in user space, round trip. Default 5,000: **derived**, ≈3× the kernel
  /// figure from the nested `inl_from_qemu` / `inl_from_kernel` ratio (§6.3; ratio only).
  public var userspaceExitCycles: Int
  /// One interrupt through the legacy path: the EOI exit plus the injection work. Default ≈2,000: an
  /// **assumption** from the spec's INTx/ISR rules and ELI (§6.4). The flows charge the EOI exit at
  /// ``exitEntryCycles`` and the rest (``injectionWorkCycles``, derived) on the injection hop.
  public var legacyInjectionCycles: Int
  /// One posted interrupt (APICv / VT-d PI). Default 0: "0 exits" (VT-d PI description, qemu-devel msg267707; §6.4).
  public var postedInjectionCycles: Int
  /// Wake-up latency of a device thread woken by an eventfd, in µs. Default 20: "around 20 us" guest→host
  /// notification measured by Karl Rister (Hajnoczi, qemu-devel msg412486, 2016; §6.3).
  public var wakeUpMicros: Double

  /// The reference's defaults.
  public static let `default` = CostModel()

  /// Creates a model; every argument defaults to the reference's value.
  public init(
    clockGHz: Double = 3.0, exitEntryCycles: Int = 1_000, kernelExitCycles: Int = 1_750,
    userspaceExitCycles: Int = 5_000, legacyInjectionCycles: Int = 2_000, postedInjectionCycles: Int = 0,
    wakeUpMicros: Double = 20
  ) {
    self.clockGHz = clockGHz
    self.exitEntryCycles = exitEntryCycles
    self.kernelExitCycles = kernelExitCycles
    self.userspaceExitCycles = userspaceExitCycles
    self.legacyInjectionCycles = legacyInjectionCycles
    self.postedInjectionCycles = postedInjectionCycles
    self.wakeUpMicros = wakeUpMicros
  }

  /// The injection work of the legacy path: ``legacyInjectionCycles`` minus the EOI exit (**derived**, never
  /// negative).
  public var injectionWorkCycles: Int { max(0, legacyInjectionCycles - exitEntryCycles) }

  /// Cycles converted to microseconds at ``clockGHz``.
  public func micros(_ cycles: Int) -> Double { Double(cycles) / (clockGHz * 1_000) }

  /// The caveat printed next to every cost figure (§6.4 "Caveats to print next to the panel"), for the default
  /// model; ``caveat`` names the model's own clock.
  public static var caveat: String { CostModel.default.caveat }

  /// The caveat for this model: its clock (`clock-ghz=2` says 2.0 GHz), where the figures come from.
  public var caveat: String {
    "Caveat: the cost figures come from different CPUs, years and measurement styles (hardware transition vs "
      + "full handler vs end-to-end latency); nested-guest numbers are used only as ratios; the "
      + "\(NumberFormat.fixed(clockGHz, 1)) GHz clock is an assumption. Counts come from running the model; cycles and µs "
      + "are counts × these parameters, not measurements."
  }

  /// The caveat in one short sentence, for a pane too small for ``caveat``.
  public var shortCaveat: String {
    "Cycles, µs: counts × assumed costs at \(NumberFormat.fixed(clockGHz, 1)) GHz, not measurements."
  }

  // MARK: - Parameters by name

  /// One adjustable parameter, with its name for scripts and the CLI, its unit and its source.
  public enum Parameter: String, CaseIterable, Equatable, Hashable, Sendable {
    case clock = "clock-ghz"
    case exitEntry = "exit-entry"
    case kernelExit = "kernel-exit"
    case userspaceExit = "userspace-exit"
    case legacyInjection = "legacy-injection"
    case postedInjection = "posted-injection"
    case wakeUp = "wake-up"

    /// What the parameter is.
    public var label: String {
      switch self {
      case .clock: return "CPU clock"
      case .exitEntry: return "hardware exit + entry"
      case .kernelExit: return "exit handled in the kernel (ioeventfd, CPUID-like)"
      case .userspaceExit: return "exit handled in user space (QEMU device model)"
      case .legacyInjection: return "interrupt injection, legacy path (EOI exit + injection work)"
      case .postedInjection: return "interrupt injection, posted (APICv / VT-d PI)"
      case .wakeUp: return "notification wake-up latency (separate thread)"
      }
    }

    /// `GHz`, `cycles` or `µs`.
    public var unit: String {
      switch self {
      case .clock: return "GHz"
      case .wakeUp: return "µs"
      default: return "cycles"
      }
    }

    /// The anchor, as reference `virtio.md` §6.3–6.4 gives it.
    public var source: String {
      switch self {
      case .clock: return "assumption, shown to the user (virtio.md §6.4)"
      case .exitEntry:
        return "Linux tools/virtio/ringtest/main.h: VMEXIT_CYCLES 500 + VMENTRY_CYCLES 500 on x86; "
          + "range 1,000–2,000 (SplitX; AMD lkml) (virtio.md §6.1, §6.3)"
      case .kernelExit: return "TUM-DSE/CVM_eval benchmarks/vmexit/README.md: CPUID exit, 1,744 cycles (virtio.md §6.3)"
      case .userspaceExit:
        return "derived: ≈3× the kernel-handled exit, from the nested inl_from_qemu / inl_from_kernel ratio "
          + "(46,747 vs 15,218 cycles; Bonzini 2019; ratio only) (virtio.md §6.3)"
      case .legacyInjection: return "assumption: 1 EOI exit + injection work ≈ 2,000 cycles; spec INTx/ISR rules, ELI (virtio.md §6.4)"
      case .postedInjection: return "0 exits: VT-d posted interrupts (qemu-devel msg267707) (virtio.md §6.4)"
      case .wakeUp: return "≈20 µs guest→host notification, Karl Rister via Stefan Hajnoczi, qemu-devel 2016 (virtio.md §6.3)"
      }
    }

    /// Parses `kernel-exit`, `kernel_exit` or `kernelExit`.
    public init?(name: String) {
      let key = name.lowercased().underscoresToDashes()
      guard let match = Self.allCases.first(where: { $0.rawValue == key || $0.rawValue.removingDashes() == key })
      else { return nil }
      self = match
    }
  }

  /// The value of a parameter, as a Double.
  public subscript(_ parameter: Parameter) -> Double {
    switch parameter {
    case .clock: return clockGHz
    case .exitEntry: return Double(exitEntryCycles)
    case .kernelExit: return Double(kernelExitCycles)
    case .userspaceExit: return Double(userspaceExitCycles)
    case .legacyInjection: return Double(legacyInjectionCycles)
    case .postedInjection: return Double(postedInjectionCycles)
    case .wakeUp: return wakeUpMicros
    }
  }

  /// Sets a parameter. Cycle counts must be whole numbers ≥ 0, the wake-up latency ≥ 0, the clock > 0.
  public mutating func set(_ parameter: Parameter, to value: Double) throws(FlowError) {
    guard value.isFinite else { throw FlowError("\(parameter.rawValue) must be a finite number, not \(value)") }
    switch parameter {
    case .clock:
      guard value > 0 else { throw FlowError("clock-ghz must be greater than 0 (got \(value))") }
      clockGHz = value
    case .wakeUp:
      guard value >= 0 else { throw FlowError("wake-up must be 0 µs or more (got \(value))") }
      wakeUpMicros = value
    default:
      guard value >= 0, value <= 1e12, value == value.rounded() else {
        throw FlowError("\(parameter.rawValue) must be a whole number of cycles, 0 or more (got \(value))")
      }
      let cycles = Int(value)
      switch parameter {
      case .exitEntry: exitEntryCycles = cycles
      case .kernelExit: kernelExitCycles = cycles
      case .userspaceExit: userspaceExitCycles = cycles
      case .legacyInjection: legacyInjectionCycles = cycles
      default: postedInjectionCycles = cycles
      }
    }
  }

  /// Sets a parameter by name and textual value (`kernel-exit`, `1800`), for scripts and the CLI.
  public mutating func set(_ name: String, _ text: String) throws(FlowError) {
    guard let parameter = Parameter(name: name) else {
      let names = Parameter.allCases.map(\.rawValue).joined(separator: ", ")
      throw FlowError("unknown cost parameter '\(name)'; known: \(names)")
    }
    guard let value = Double(text.filter { $0 != "_" && $0 != "," }) else {
      throw FlowError("cost parameter \(parameter.rawValue) needs a number, not '\(text)'")
    }
    try set(parameter, to: value)
  }
}

extension String {
  func underscoresToDashes() -> String { String(map { $0 == "_" ? "-" : $0 }) }
  func removingDashes() -> String { String(filter { $0 != "-" }) }
}
