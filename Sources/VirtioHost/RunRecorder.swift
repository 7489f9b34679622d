import VirtioCore

/// Records a live run as a script in the engine's own language, so that a lesson can replay it where no guest
/// runs (`<!-- replay: … -->`) through the one interpreter, the engine.
///
/// The script says what the guest's driver wrote as our device read it and what our device did:
/// - `queue` with the real ring addresses, size, negotiated features and the guest's RAM size;
/// - before each device operation, `poke FIELD=VALUE` for every driver-owned field (descriptor table, available
///   ring, an indirect table as `poke indirect@0xADDR[i].part=VALUE`) that the operation read with a value the
///   recording has not written yet (the writes Linux made);
/// - the operation itself (`device pop`, `device push len=N data=HEX`, `device notifications on|off`,
///   `device interrupt`), and a `note` for each kick;
/// - after it, `expect FIELD == VALUE` for every ring field our device wrote, so that replaying the script checks
///   that the engine, fed the same driver writes, writes exactly what it wrote for the real guest;
/// - a `--fault` (``SplitDevice/pushForged(id:length:memory:trace:)``) as a `note` and the `poke`s of the used ring
///   the faulty device made; the recording ends there, since the device serves nothing more.
public struct RunRecorder: Sendable {
  /// A device operation, as the live back end ran it.
  public enum Operation: Equatable, Sendable {
    case pop
    case push(length: UInt32, data: [UInt8])
    case notifications(Bool)
    case interrupt
    /// A deliberate fault: the device wrote used-ring fields directly (its entries are pokes); the text says why.
    case forged(String)
  }

  /// The script lines so far.
  public private(set) var lines: [String] = []
  /// Whether the recording stopped (the ring was set up again, an error, or the line limit).
  public private(set) var isStopped = false
  /// Recording stops after this many lines (a small fixture, bounded memory).
  public let lineLimit: Int
  private var written: [RingField: UInt64] = [:]
  private var kicks = 0

  public init(lineLimit: Int = 4000) { self.lineLimit = lineLimit }

  /// Whether the ring has been started (the `queue` line is written).
  public var hasStarted: Bool { !lines.isEmpty }

  /// The script text, one line per command, ending in a newline.
  public var script: String { lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n" }

  /// Begins at the ring's start: `queue …` with the guest's addresses. A second start (the guest set the ring up
  /// again) ends the recording, since a script's `queue` is a fresh device.
  public mutating func start(layout: SplitLayout, features: VirtioFeatures, memorySize: UInt64, lastAvailIdx: UInt16, usedIdx: UInt16) {
    guard !isStopped else { return }
    if hasStarted {
      stop("the guest set the ring up again; the recording ends here")
      return
    }
    guard lastAvailIdx == 0, usedIdx == 0 else {
      isStopped = true
      return
    }
    let known = features.intersection([.indirectDesc, .eventIdx])
    let list = known.isEmpty ? "" : " features=\(known.names.joined(separator: ","))"
    lines.append("# A real guest's virtio-rng served by virtio-tutor's device (recorded by `virtio-tutor guest --record`).")
    lines.append("# pokes: what Linux's driver wrote, as our device read it; expects: what our device wrote in the real run.")
    lines.append(
      "queue size=\(layout.size) desc=\(hex(layout.descriptorTable)) avail=\(hex(layout.availRing)) used=\(hex(layout.usedRing)) memory=\(Self.size(memorySize))\(list)")
    lines.append("note the ring starts: our device serves what the guest's driver has already posted")
  }

  /// A kick from the guest (the kick eventfd fired).
  public mutating func kick() {
    guard hasStarted, !isStopped else { return }
    kicks += 1
    append("note kick \(kicks): the guest's driver notified our device")
  }

  /// A `note` line (what the device noticed, e.g. a request found by polling rather than by a kick).
  public mutating func note(_ text: String) {
    guard hasStarted, !isStopped else { return }
    append("note \(text)")
  }

  /// One operation and the trace entries it produced.
  public mutating func record(_ operation: Operation, entries: ArraySlice<TraceEntry>) {
    guard hasStarted, !isStopped else { return }
    var pokes: [String] = []
    var after: [String] = []  // expects of what the device wrote, pokes of what it forged
    for entry in entries {
      if entry.kind == .error {
        stop("our device reported \(entry.error?.rawValue ?? "an error"); the recording ends here")
        return
      }
      guard let field = entry.field, let value = entry.value else { continue }
      if case .buffer = field { continue }
      if entry.kind == .poke, entry.role == .device {
        after.append("poke \(field)=\(hex(value))")  // a forged write: replayed as the same poke, after the note
        written[field] = value
      } else if entry.kind == .read, field.owner == .driver {
        if written[field] != value {
          pokes.append("poke \(field)=\(hex(value))")
          written[field] = value
        }
      } else if entry.kind == .write, entry.role == .device {
        after.append("expect \(field) == \(value)")
      }
    }
    pokes.forEach { append($0) }
    append(command(operation))
    after.forEach { append($0) }
    if case .forged = operation { stop("the device is broken on purpose and serves nothing more") }
  }

  private func command(_ operation: Operation) -> String {
    switch operation {
    case .pop: return "device pop"
    case .push(let length, let data):
      return data.isEmpty ? "device push len=\(length)" : "device push len=\(length) data=\(data.map(hexByte).joined())"
    case .notifications(let on): return "device notifications \(on ? "on" : "off")"
    case .interrupt: return "device interrupt"
    case .forged(let why): return "note \(why)"
    }
  }

  private mutating func append(_ line: String) {
    guard !isStopped else { return }
    if lines.count >= lineLimit - 1 {
      stop("the recording reached \(lineLimit) lines")
      return
    }
    lines.append(line)
  }

  private mutating func stop(_ why: String) {
    lines.append("note recording stopped: \(why)")
    isStopped = true
  }

  static func size(_ bytes: UInt64) -> String {
    bytes % (1 << 20) == 0 ? "\(bytes >> 20)M" : bytes % 1024 == 0 ? "\(bytes >> 10)K" : "\(bytes)"
  }

  private func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
  private func hexByte(_ b: UInt8) -> String { b < 16 ? "0" + String(b, radix: 16) : String(b, radix: 16) }
}
