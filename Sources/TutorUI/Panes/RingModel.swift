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

/// What the ring pane draws for a frame: the engine's ``QueueSnapshot`` at the cursor, plus what is presentation
/// only (which fields the step touched, which one the current event lights up, what to scroll to).
///
/// The session in a frame is the engine before the command being animated; the engine's snapshot follows that
/// command's events up to the cursor (``QueueSnapshot/replaying(_:memory:)``), so a descriptor turns "driver" as its
/// chain is added, "avail" when `avail.idx` is published, and so on. Nothing here works ring state out itself.
struct RingModel {
  let queue: Virtqueue
  let layout: SplitLayout
  let memory: GuestMemoryView
  /// The engine's snapshot at the cursor.
  let snapshot: QueueSnapshot
  /// Fields written (or poked) before the current event in this step.
  private(set) var changed: Set<RingField> = []
  /// The field of the current event, if any.
  let current: RingField?
  /// Whether the current event's animation is still running.
  let lit: Bool
  /// The current event.
  let event: TraceEntry?
  /// The descriptor index the step touched last (for windows), if any.
  private(set) var focusDescriptor: Int?
  /// The available-ring and used-ring slots the step touched last, if any.
  private(set) var focusAvailSlot: Int?
  private(set) var focusUsedSlot: Int?

  init?(frame: VisualFrame) {
    guard let queue = frame.queue else { return nil }
    self.queue = queue
    layout = queue.layout
    memory = frame.memory ?? queue.memory.currentView
    event = frame.current
    current = frame.current?.field
    lit = !frame.isSettled
    let played = frame.events.prefix(max(0, min(frame.cursor, frame.events.count)))
    let known = queue.trace.nextSequence
    snapshot = QueueSnapshot(queue, memory: memory).replaying(played.filter { $0.sequence >= known }, memory: memory)
    for (n, entry) in played.enumerated() {
      guard let field = entry.field else { continue }
      if n != played.count - 1 && (entry.kind == .write || entry.kind == .poke) { changed.insert(field) }
      switch field {
      case .descriptor(let i, _): focusDescriptor = i
      case .availRing(let i): focusAvailSlot = i
      case .usedRingID(let i), .usedRingLen(let i): focusUsedSlot = i
      default: break
      }
    }
    if case .descriptor(let i, _)? = current { focusDescriptor = i }
  }

  /// Non-free descriptors and their states.
  var states: [Int: DescriptorState] { snapshot.owners.mapValues(DescriptorState.init) }
  var lastAvailIdx: UInt16 { snapshot.lastAvailIdx }
  var publishedIdx: UInt16 { snapshot.publishedIdx ?? snapshot.availIdx }
  var shadowIdx: UInt16 { snapshot.availIdxShadow ?? publishedIdx }
  var lastUsedIdx: UInt16 { snapshot.lastUsedIdx ?? snapshot.deviceUsedIdx }
  var deviceUsedIdx: UInt16 { snapshot.deviceUsedIdx }

  /// The head in `avail.ring[index % N]`, read from memory at the cursor.
  func headInAvail(_ index: UInt16) -> UInt16? {
    try? memory.load(UInt16.self, at: layout.availEntry(layout.slot(index)))
  }

  /// The state of descriptor `index`.
  func state(_ index: Int) -> DescriptorState { DescriptorState(snapshot.owner(of: index)) }

  /// The value of a ring field in memory at the cursor (0 when unreadable).
  func value(_ field: RingField) -> UInt64 { snapshot.value(field) }

  /// How a field is highlighted: `.current` while the current event animates, `.changed` once it settled or when
  /// an earlier event of the step wrote it.
  func highlight(_ field: RingField) -> ThemeRole? {
    if field == current { return lit ? .current : .changed }
    return changed.contains(field) ? .changed : nil
  }
}
