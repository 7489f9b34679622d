import ArgumentParser
import Foundation
import VirtioFlows

/// The workload, toggles and cost-model overrides shared by `compare` and `trace --flow`: include with
/// `@OptionGroup var flowOptions: FlowTraceOptions`. Toggles left unset keep each flow's defaults
/// (``FlowOptions/defaults(for:)``: increment-edu starts with INTx and no ioeventfd, the others with MSI-X and
/// ioeventfd).
struct FlowTraceOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: "Payload bytes per packet (1–65535).")
  var bytes: Int?

  @Option(parsing: .unconditional, help: "Packets (increment: requests) to move.")
  var packets: Int?

  @Option(parsing: .unconditional, help: "Packets the driver queues per publish and kick decision.")
  var batch: Int?

  @Option(name: .customLong("queue-size"), parsing: .unconditional, help: "Virtqueue size N (a power of 2, up to 32768).")
  var queueSize: Int?

  @Option(parsing: .unconditional, help: "Frame bytes each receive buffer holds (RX).")
  var mtu: Int?

  @Option(help: "Accepted features, e.g. event_idx,indirect_desc (VERSION_1 is implied; 'none' for neither).")
  var features: String?

  @Flag(name: .customLong("event-idx"), inversion: .prefixedNo, help: "Accept VIRTIO_F_EVENT_IDX.")
  var eventIdx: Bool?

  @Flag(inversion: .prefixedNo, help: "Accept VIRTIO_F_INDIRECT_DESC.")
  var indirect: Bool?

  @Flag(help: "Interrupts of the virtio device: --msix, or --intx (INTx plus an ISR read).")
  var interrupts: InterruptMode?

  @Flag(inversion: .prefixedNo, help: "Kicks become lightweight in-kernel exits (ioeventfd).")
  var ioeventfd: Bool?

  @Flag(inversion: .prefixedNo, help: "The vhost worker in the host kernel runs the device (needs ioeventfd).")
  var vhost: Bool?

  @Flag(inversion: .prefixedNo, help: "blk: requestq runs in an -object iothread, not QEMU's main loop (needs ioeventfd).")
  var iothread: Bool?

  @Flag(name: .customLong("posted-interrupts"), inversion: .prefixedNo, help: "MSI/MSI-X delivered without exits (APICv / VT-d PI).")
  var postedInterrupts: Bool?

  @Flag(inversion: .prefixedNo, help: "A device thread works on one batch while the guest queues the next.")
  var overlap: Bool?

  @Option(help: "Emulated NIC register access: pio or mmio.")
  var variant: String?

  @Option(name: .customLong("mmio-width"), parsing: .unconditional, help: "Bytes per emulated MMIO access: 1, 2, 4 or 8.")
  var mmioWidth: Int?

  @Option(help: "tx or rx.")
  var direction: String?

  @Option(parsing: .unconditional, help: "The integer the first increment-edu request carries.")
  var value: UInt32?

  @Option(
    name: .customLong("cost"),
    help: ArgumentHelp(
      "Override a cost-model parameter, NAME=VALUE (repeatable).",
      discussion: "Names: " + CostModel.Parameter.allCases.map(\.rawValue).joined(separator: ", ")))
  var costOverrides: [String] = []

  /// `--msix` / `--intx`.
  enum InterruptMode: String, EnumerableFlag {
    case msix, intx
  }

  /// The options for `flow`: its defaults with every given option applied, validated.
  func options(for flow: Flow) throws -> FlowOptions {
    var options = FlowOptions.defaults(for: flow)
    var settings: [(String, String?)] = []
    if let bytes { settings.append(("bytes", String(bytes))) }
    if let packets { settings.append(("packets", String(packets))) }
    if let batch { settings.append(("batch", String(batch))) }
    if let queueSize { settings.append(("queue-size", String(queueSize))) }
    if let mtu { settings.append(("mtu", String(mtu))) }
    if let features { settings.append(("features", features)) }
    if let eventIdx { settings.append(("event-idx", eventIdx ? "on" : "off")) }
    if let indirect { settings.append(("indirect", indirect ? "on" : "off")) }
    if let interrupts { settings.append(("msix", interrupts == .msix ? "on" : "off")) }
    if let ioeventfd { settings.append(("ioeventfd", ioeventfd ? "on" : "off")) }
    if let vhost { settings.append(("vhost", vhost ? "on" : "off")) }
    if let iothread { settings.append(("iothread", iothread ? "on" : "off")) }
    if let postedInterrupts { settings.append(("posted-interrupts", postedInterrupts ? "on" : "off")) }
    if let overlap { settings.append(("overlap", overlap ? "on" : "off")) }
    if let variant { settings.append(("variant", variant)) }
    if let mmioWidth { settings.append(("mmio-width", String(mmioWidth))) }
    if let direction { settings.append(("direction", direction)) }
    if let value { settings.append(("value", String(value))) }
    do {
      for (key, value) in settings { try options.set(key, value) }
      try options.validate(for: flow)
    } catch {
      throw ValidationError(error.message)
    }
    return options
  }

  /// The cost model with every `--cost NAME=VALUE` applied.
  func costModel() throws -> CostModel {
    var cost = CostModel.default
    for override in costOverrides {
      let parts = override.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { throw ValidationError("--cost needs NAME=VALUE, not '\(override)'") }
      do { try cost.set(parts[0], parts[1]) } catch { throw ValidationError(error.message) }
    }
    return cost
  }

  /// Runs `flow` with these options, keeping every step (for `trace --flow`).
  func run(_ flow: Flow) throws -> FlowRun {
    let options = try options(for: flow)
    let cost = try costModel()
    do { return try Flows.run(flow, options: options, cost: cost) } catch { throw ValidationError(error.message) }
  }

  /// A flow value as JSON text with sorted keys (for `--format json`).
  static func render(_ json: JSONValue) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(json), as: UTF8.self)
  }
}
