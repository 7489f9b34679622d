import VirtioCore

/// Who holds a descriptor of the table, as the ring pane shows it.
public enum DescriptorState: String, CaseIterable, Equatable, Sendable {
  /// On the driver's free list.
  case free
  /// Part of a chain the driver added but has not published yet (its head is past `avail.idx`).
  case driver
  /// Published in the available ring, not yet taken by the device.
  case available
  /// Taken by the device (popped) and not returned yet.
  case inUse
  /// Returned through the used ring, not yet reclaimed by the driver.
  case used

  /// The word the pane prints next to the descriptor (so no state depends on colour).
  public var word: String {
    switch self {
    case .free: return "free"
    case .driver: return "driver"
    case .available: return "avail"
    case .inUse: return "in use"
    case .used: return "used"
    }
  }

  /// The pane's word for an engine owner.
  init(_ owner: QueueSnapshot.Owner) {
    switch owner {
    case .free: self = .free
    case .driver: self = .driver
    case .available: self = .available
    case .device: self = .inUse
    case .used: self = .used
    }
  }

  /// The theme role that colours it.
  public var role: ThemeRole {
    switch self {
    case .free: return .descFree
    case .driver: return .descDriver
    case .available: return .descAvail
    case .inUse: return .descInUse
    case .used: return .descUsed
    }
  }
}

/// The tutor's adapter to the ring pictures: the engine's ``QueueSnapshot`` at the cursor and what the step
/// touched (``RingTouches``), both from a ``VisualFrame``.
///
/// The session in a frame is the engine before the command being animated; the engine's snapshot follows that
/// command's events up to the cursor (``QueueSnapshot/replaying(_:memory:)``), so a descriptor turns "driver" as its
/// chain is added, "avail" when `avail.idx` is published, and so on. Nothing here works ring state out itself.
enum RingModel {
  /// The split ring's snapshot and touches for `frame`, nil without a split queue.
  static func split(_ frame: VisualFrame) -> (QueueSnapshot, RingTouches)? {
    guard let queue = frame.queue else { return nil }
    let memory = frame.memory ?? queue.memory.currentView
    let played = frame.events.prefix(max(0, min(frame.cursor, frame.events.count)))
    let known = queue.trace.nextSequence
    let snapshot = QueueSnapshot(queue, memory: memory).replaying(played.filter { $0.sequence >= known }, memory: memory)
    return (snapshot, touches(frame, played))
  }

  /// What the step touched up to the cursor, with the field its unanswered exercise asks for concealed.
  static func touches(_ frame: VisualFrame, _ played: some Collection<TraceEntry>) -> RingTouches {
    var touches = RingTouches(events: played, lit: !frame.isSettled)
    if case .field(let field)? = frame.concealed { touches.concealed = field }
    return touches
  }

  /// The packed ring's snapshot (with guest memory at the cursor) and touches for `frame`, nil without a packed
  /// queue. The two sides' private state is the engine's at the start of the command being animated; the slots'
  /// bytes are memory at the cursor.
  static func packed(_ frame: VisualFrame) -> (PackedSnapshot, GuestMemoryView, RingTouches)? {
    guard let queue = frame.packedQueue else { return nil }
    let view = frame.memory ?? queue.memory.currentView
    let end = Int(clamping: min(queue.layout.end, UInt64(view.size)))
    let image = (try? view.read(at: 0, count: end)) ?? []
    let snapshot = PackedSnapshot(layout: queue.layout, memory: GuestMemory(image: image), driver: queue.driver, device: queue.device)
    let played = frame.events.prefix(max(0, min(frame.cursor, frame.events.count)))
    return (snapshot, view, touches(frame, played))
  }
}
