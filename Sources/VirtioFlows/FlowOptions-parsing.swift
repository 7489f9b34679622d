import VirtioCore

extension FlowOptions {
  /// The option names ``set(_:_:)`` accepts, with a one-line help each (for the script language's help and the CLI).
  public static let keys: [(name: String, help: String)] = [
    ("bytes", "payload bytes per packet (1–65535)"),
    ("packets", "packets or requests to move"),
    ("batch", "packets queued per publish and kick decision"),
    ("queue-size", "virtqueue size N, a power of 2 up to 32768"),
    ("mtu", "frame bytes a receive buffer holds (RX)"),
    ("features", "accepted features, e.g. event_idx,indirect_desc (VERSION_1 is implied); 'none' for neither"),
    ("event-idx", "on/off: VIRTIO_F_EVENT_IDX"),
    ("indirect", "on/off: VIRTIO_F_INDIRECT_DESC"),
    ("msix", "on/off: MSI-X (off = INTx plus an ISR read)"),
    ("intx", "on/off: the opposite of msix"),
    ("ioeventfd", "on/off: kicks become lightweight in-kernel exits"),
    ("vhost", "on/off: the vhost worker runs the device (needs ioeventfd)"),
    ("iothread", "on/off: blk's queue runs in an -object iothread, not the main loop (needs ioeventfd)"),
    ("posted-interrupts", "on/off: MSI/MSI-X delivered without exits (APICv / VT-d PI)"),
    ("overlap", "on/off: the device thread works on one batch while the guest queues the next"),
    ("variant", "pio or mmio: how the emulated NIC's registers are reached"),
    ("mmio-width", "bytes per emulated MMIO access: 1, 2, 4 or 8"),
    ("direction", "tx or rx (blk: tx writes the disk, rx reads it)"),
    ("value", "the integer the first increment-edu request carries"),
  ]

  /// Sets one option from text, as the script language and the CLI spell it: `set("batch", "8")`,
  /// `set("event-idx", "off")`, `set("intx", nil)` (a bare toggle means on), `set("features", "event_idx")`.
  public mutating func set(_ key: String, _ value: String?) throws(FlowError) {
    let name = key.lowercased().underscoresToDashes()
    switch name {
    case "bytes": bytes = try Self.integer(name, value)
    case "packets": packets = try Self.integer(name, value)
    case "batch": batch = try Self.integer(name, value)
    case "queue-size", "queue", "queuesize": queueSize = try Self.integer("queue-size", value)
    case "mtu": mtu = try Self.integer(name, value)
    case "mmio-width", "width": mmioWidth = try Self.integer("mmio-width", value)
    case "features": try setFeatures(value ?? "")
    case "event-idx", "eventidx": eventIdx = try Self.toggle(name, value)
    case "indirect", "indirect-desc": indirect = try Self.toggle(name, value)
    case "msix", "msi-x": msix = try Self.toggle(name, value)
    case "intx": msix = !(try Self.toggle(name, value))
    case "ioeventfd": ioeventfd = try Self.toggle(name, value)
    case "vhost": vhost = try Self.toggle(name, value)
    case "iothread", "io-thread": iothread = try Self.toggle("iothread", value)
    case "posted-interrupts", "posted": postedInterrupts = try Self.toggle("posted-interrupts", value)
    case "overlap": overlap = try Self.toggle(name, value)
    case "variant":
      guard let v = value.flatMap({ EmulatedVariant(rawValue: $0.lowercased()) }) else {
        throw FlowError("variant must be pio or mmio, not '\(value ?? "")'")
      }
      variant = v
    case "direction":
      guard let d = value.flatMap({ Direction(rawValue: $0.lowercased()) }) else {
        throw FlowError("direction must be tx or rx, not '\(value ?? "")'")
      }
      direction = d
    case "value", "increment-value":
      guard let text = value, let v = UInt32(text) else {
        throw FlowError("value must be an integer from 0 to 4294967295, not '\(value ?? "")'")
      }
      incrementValue = v
    default:
      throw FlowError("unknown flow option '\(key)'; known: " + Self.keys.map(\.name).joined(separator: ", "))
    }
  }

  /// The features the flows model: the split-ring engine's notification and layout features.
  public static let modelledFeatures: [(name: String, feature: VirtioFeatures)] = [
    ("version_1", .version1), ("indirect_desc", .indirectDesc), ("event_idx", .eventIdx),
  ]

  /// Sets ``eventIdx`` and ``indirect`` from a list such as `event_idx,indirect_desc` (commas or spaces;
  /// `VIRTIO_F_` / `VIRTIO_RING_F_` prefixes allowed). VERSION_1 is always accepted; `none` (or an empty list)
  /// accepts neither optional feature. Unknown or unmodelled names are rejected.
  public mutating func setFeatures(_ list: String) throws(FlowError) {
    let names = list.split { $0 == "," || $0 == " " || $0 == "+" || $0 == "|" }.map(String.init)
    var accepted: VirtioFeatures = .version1
    for name in names where name.lowercased() != "none" {
      guard let feature = VirtioFeatures.named(name) ?? Self.alias(name) else {
        throw FlowError(
          "unknown feature '\(name)'; known: " + Self.modelledFeatures.map(\.name).joined(separator: ", "))
      }
      guard Self.modelledFeatures.contains(where: { $0.feature == feature }) else {
        throw FlowError(
          "feature '\(name)' (\(feature)) is not modelled by the flows, which run the split ring; use "
            + Self.modelledFeatures.map(\.name).joined(separator: ", "))
      }
      accepted.insert(feature)
    }
    eventIdx = accepted.contains(.eventIdx)
    indirect = accepted.contains(.indirectDesc)
  }

  private static func alias(_ name: String) -> VirtioFeatures? {
    switch name.lowercased().underscoresToDashes() {
    case "indirect", "indirect-desc": return .indirectDesc
    case "event-idx", "eventidx": return .eventIdx
    case "version-1", "v1": return .version1
    default: return nil
    }
  }

  private static func integer(_ name: String, _ value: String?) throws(FlowError) -> Int {
    guard let text = value, let n = Int(text.filter { $0 != "_" && $0 != "," }) else {
      throw FlowError("\(name) needs a whole number, not '\(value ?? "")'")
    }
    return n
  }

  private static func toggle(_ name: String, _ value: String?) throws(FlowError) -> Bool {
    guard let text = value?.lowercased() else { return true }
    switch text {
    case "on", "true", "yes", "1", "": return true
    case "off", "false", "no", "0": return false
    default: throw FlowError("\(name) is a toggle: use on or off, not '\(value ?? "")'")
    }
  }
}
