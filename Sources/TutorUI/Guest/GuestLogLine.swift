import VirtioCore

/// One line of the split screen's event log: what the guest's driver wrote (as our device read it), what our
/// device did, a vhost-user message, or an error.
public struct GuestLogLine: Equatable, Sendable {
  /// Who the line is about.
  public enum Party: String, Equatable, Sendable {
    /// The guest's Linux driver (a field it wrote, seen when our device read it).
    case driver = "drv"
    /// Our device (the engine's ``SplitDevice``).
    case device = "dev"
    /// A vhost-user message from QEMU.
    case vhostUser = "vu"
    /// An error: a broken ring, a malformed message.
    case error = "err"
  }

  public var party: Party
  public var text: String

  public init(_ party: Party, _ text: String) {
    self.party = party
    self.text = text
  }

  /// The log lines for engine trace entries of our device: a read of a field the driver owns (`avail.idx`, an
  /// available-ring slot, a descriptor) is what the guest's driver wrote; everything else is what the device did.
  /// Barriers are left out (they are in every request and say nothing new here).
  public static func lines(for entries: some Sequence<TraceEntry>) -> [GuestLogLine] {
    var lines: [GuestLogLine] = []
    for e in entries where e.kind != .barrier {
      if e.kind == .error {
        lines.append(GuestLogLine(.error, "\(e.error?.rawValue ?? "error"): \(e.detail)"))
      } else if e.kind == .read, let field = e.field, field.isDriverWritten {
        lines.append(GuestLogLine(.driver, e.detail))
      } else {
        lines.append(GuestLogLine(.device, e.detail))
      }
    }
    return lines
  }
}

extension RingField {
  /// Whether the driver writes this field (the descriptor table, the available ring, `used_event`).
  var isDriverWritten: Bool {
    switch self {
    case .descriptor, .indirect, .availFlags, .availIdx, .availRing, .usedEvent: return true
    default: return false
    }
  }
}
