import VirtioFlows

/// The one table of the quantities the counters pane can show: heading, width, priority (what stays when the pane
/// is narrow), the script quantities it answers (`expect flow.userspace_exits == 131` reads the `heavy` column of
/// the flow's row, `expect kicks == 2` the `kick` column of the queue's row) and its value.
public enum CounterQuantity: String, CaseIterable, Sendable {
  case exits, heavy, light, interruptExits, guestInterrupts, hostInterrupts, kicks, kicksSuppressed
  case interruptsSuppressed, wakeUps, wakeMicros, dma, cycles, micros

  /// The column heading.
  public var header: String {
    switch self {
    case .exits: return "exits"
    case .heavy: return "heavy"
    case .light: return "light"
    case .interruptExits: return "irq-x"
    case .guestInterrupts: return "v-irq"
    case .hostInterrupts: return "h-irq"
    case .kicks: return "kick"
    case .kicksSuppressed: return "no-kick"
    case .interruptsSuppressed: return "no-irq"
    case .wakeUps: return "wake"
    case .wakeMicros: return "wake-µs"
    case .dma: return "DMA"
    case .cycles: return "cycles"
    case .micros: return "µs"
    }
  }

  /// What the heading means (the help text and docs).
  public var meaning: String {
    switch self {
    case .exits: return "VM exits, all classes"
    case .heavy: return "heavy exits: KVM returns to QEMU in user space"
    case .light: return "light exits handled in the kernel (ioeventfd)"
    case .interruptExits: return "exits for interrupt delivery (a host interrupt while the guest runs, an EOI)"
    case .guestInterrupts: return "virtual interrupts injected into (or posted to) the guest"
    case .hostInterrupts: return "physical interrupts the host takes (a NIC's MSI)"
    case .kicks: return "driver notifications sent"
    case .kicksSuppressed: return "kicks the driver did not need to send"
    case .interruptsSuppressed: return "interrupts the device did not need to send"
    case .wakeUps: return "device threads woken by an eventfd"
    case .wakeMicros: return "the wake-ups' latency in µs: host-side time the exit counts leave out"
    case .dma: return "DMA transfers by a physical device"
    case .cycles: return "vCPU cycles under the cost model"
    case .micros: return "cycles in µs at the model's clock"
    }
  }

  /// Lower goes first when the pane is narrow.
  public var priority: Int { Self.allCases.firstIndex(of: self)! }

  /// Digits the column gets before any widening (its heading may be wider).
  var digits: Int {
    switch self {
    case .cycles: return 6
    case .micros: return 5
    case .exits: return 4
    default: return 3
    }
  }

  /// The column's width, one leading space included.
  var width: Int { 1 + max(digits, header.unicodeScalars.count) }

  /// The script quantities (`expect NAME`) this column shows: `flow.NAME` for a flow's row, the engine counter
  /// names for the queue's row.
  public var scriptNames: (flow: [String], queue: [String]) {
    switch self {
    case .exits: return (["exits"], [])
    case .heavy: return (["userspace_exits"], [])
    case .light: return (["kernel_exits"], [])
    case .interruptExits: return (["interrupt_exits"], [])
    case .guestInterrupts: return (["injected_interrupts"], ["interrupts"])
    case .hostInterrupts: return (["host_interrupts"], [])
    case .kicks: return (["kicks"], ["kicks"])
    case .kicksSuppressed: return (["kicks_suppressed"], ["kicks_suppressed"])
    case .interruptsSuppressed: return (["interrupts_suppressed"], ["interrupts_suppressed"])
    case .wakeUps: return (["wake_ups"], [])
    case .wakeMicros: return (["wake_micros"], [])
    case .dma: return (["dma"], [])
    case .cycles: return (["cycles"], [])
    case .micros: return ([], [])
    }
  }

  /// The columns that show script quantity `name` (`userspace_exits`, `kicks`) in a flow's row or the queue's;
  /// `flow.interrupts` is host plus guest, two columns.
  public static func columns(forScript name: String, flow: Bool) -> [CounterQuantity] {
    if flow && name == "interrupts" { return [.guestInterrupts, .hostInterrupts] }
    return allCases.filter { (flow ? $0.scriptNames.flow : $0.scriptNames.queue).contains(name) }
  }

  /// The value in `totals` (µs as a whole number; the pane formats ``micros`` itself).
  public func value(_ totals: FlowTotals) -> Int {
    switch self {
    case .exits: return totals.exits
    case .heavy: return totals.userspaceExits
    case .light: return totals.kernelExits
    case .interruptExits: return totals.interruptExits
    case .guestInterrupts: return totals.injectedInterrupts
    case .hostInterrupts: return totals.hostInterrupts
    case .kicks: return totals.kicks
    case .kicksSuppressed: return totals.kicksSuppressed
    case .interruptsSuppressed: return totals.interruptsSuppressed
    case .wakeUps: return totals.wakeUps
    case .wakeMicros: return Int(totals.wakeUpMicros.rounded())
    case .dma: return totals.dmaTransfers
    case .cycles: return totals.cycles
    case .micros: return Int(totals.micros.rounded())
    }
  }
}
