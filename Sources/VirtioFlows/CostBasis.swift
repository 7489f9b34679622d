/// Which cost-model parameter priced a hop, so the TUI can say why a hop costs what it costs.
public enum CostBasis: String, CaseIterable, Equatable, Hashable, Sendable {
  /// Not priced: guest work, host work on another CPU, devices, or memory traffic (see ``CostModel``).
  case none
  /// ``CostModel/userspaceExitCycles``: a heavyweight exit, round trip.
  case userspaceExit = "userspace-exit"
  /// ``CostModel/kernelExitCycles``: a lightweight exit handled in the kernel, round trip.
  case kernelExit = "kernel-exit"
  /// ``CostModel/exitEntryCycles``: the bare hardware exit and entry (the EOI exit of the legacy path).
  case hardwareExitEntry = "exit-entry"
  /// The injection work of the legacy path: ``CostModel/legacyInjectionCycles`` minus the EOI exit
  /// (**derived**: the reference's ≈2,000 cycles cover one EOI exit plus the injection work).
  case injectionWork = "injection-work"
  /// ``CostModel/postedInjectionCycles``: a posted interrupt (0 by default: no exit).
  case posted
  /// The VM entry that ends an exit whose round-trip cost is already on the exit hop.
  case includedInExit = "included-in-exit"
}
