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

/// What the ring pane (and the memory pane) know about a frame: the queue, memory at the cursor, the private
/// indices as of the cursor, each descriptor's state, and which fields the step has touched.
///
/// The session in a frame is the engine before the command being animated; the events of that command up to the
/// cursor (those with a sequence number the session has not reached) are replayed on top of it, so a descriptor
/// turns "driver" as its fields are written, "avail" when `avail.idx` is published, and so on, event by event.
struct RingModel {
  let queue: Virtqueue
  let layout: SplitLayout
  let memory: GuestMemoryView
  /// Non-free descriptors.
  private(set) var states: [Int: DescriptorState] = [:]
  /// Private indices as of the cursor.
  private(set) var lastAvailIdx: UInt16
  private(set) var publishedIdx: UInt16
  private(set) var shadowIdx: UInt16
  private(set) var lastUsedIdx: UInt16
  private(set) var deviceUsedIdx: UInt16
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
    let driver = queue.driver
    let device = queue.device
    lastAvailIdx = device.lastAvailIdx
    publishedIdx = driver.publishedIdx
    shadowIdx = driver.availIdxShadow
    lastUsedIdx = driver.lastUsedIdx
    deviceUsedIdx = device.usedIdx
    event = frame.current
    current = frame.current?.field
    lit = !frame.isSettled

    let size = layout.size
    // Chains by head: the driver's outstanding chains, looked up on demand (a queue may have 32768 entries), plus
    // the chains added by the command being animated.
    var added: [UInt16: [Int]] = [:]
    var reclaimed: Set<UInt16> = []
    func chain(_ head: UInt16) -> [Int]? {
      if let chain = added[head] { return chain }
      guard !reclaimed.contains(head), Int(head) < size, let chain = driver.outstanding[Int(head)] else { return nil }
      return chain.descriptors.map(Int.init)
    }
    var classified = 0
    func mark(_ head: UInt16, _ state: DescriptorState) {
      for index in chain(head) ?? [Int(head)] where index >= 0 && index < size {
        if states[index] == nil { classified += 1 }
        states[index] = state
      }
    }
    // Published and unpublished heads in the available ring.
    let pending = min(Int(publishedIdx &- lastAvailIdx), size)
    for k in 0..<pending {
      if let head = headInAvail(lastAvailIdx &+ UInt16(truncatingIfNeeded: k)), chain(head) != nil {
        mark(head, .available)
      }
    }
    let unpublished = min(Int(shadowIdx &- publishedIdx), size)
    for k in 0..<unpublished {
      if let head = headInAvail(publishedIdx &+ UInt16(truncatingIfNeeded: k)), chain(head) != nil {
        mark(head, .driver)
      }
    }
    // Pushed and not reclaimed.
    let returned = min(Int(deviceUsedIdx &- lastUsedIdx), size)
    for k in 0..<returned {
      let slot = layout.slot(lastUsedIdx &+ UInt16(truncatingIfNeeded: k))
      if let id = try? memory.load(UInt32.self, at: layout.usedElement(slot)), id < UInt32(size) {
        let head = UInt16(id)
        if chain(head) != nil { mark(head, .used) }
      }
    }
    for chain in device.inFlight { mark(chain.head, .inUse) }
    // Chains found nowhere in the rings (a corrupted ring, say) still belong to the driver. Only look for them
    // when the descriptors accounted for fall short of those not free.
    if classified < size - driver.numFree {
      for (head, chain) in driver.outstanding.enumerated() where chain != nil && states[head] == nil {
        mark(UInt16(truncatingIfNeeded: head), .driver)
      }
    }

    // Replay the events of the command being animated, and collect the step's touched fields.
    let played = frame.events.prefix(max(0, min(frame.cursor, frame.events.count)))
    let known = queue.trace.nextSequence
    var building: [Int] = []
    var pushing: UInt16?
    for (n, entry) in played.enumerated() {
      let isCurrent = n == played.count - 1
      if let field = entry.field {
        if !isCurrent && (entry.kind == .write || entry.kind == .poke) { changed.insert(field) }
        switch field {
        case .descriptor(let i, _): focusDescriptor = i
        case .availRing(let i): focusAvailSlot = i
        case .usedRingID(let i), .usedRingLen(let i): focusUsedSlot = i
        default: break
        }
      }
      guard entry.sequence >= known else { continue }
      switch entry.kind {
      case .write:
        if case .descriptor(let i, _)? = entry.field, entry.role == .driver, i >= 0, i < size {
          if !building.contains(i) { building.append(i) }
          if states[i] == nil { states[i] = .driver }
        }
        if case .usedRingID? = entry.field, entry.role == .device, let value = entry.value {
          pushing = UInt16(truncatingIfNeeded: value)
        }
        if case .availRing? = entry.field, entry.role == .driver { shadowIdx &+= 1 }
      case .chainAdded:
        if let value = entry.value {
          let head = UInt16(truncatingIfNeeded: value)
          added[head] = building.isEmpty ? [Int(head)] : building
          mark(head, .driver)
        }
        building = []
      case .availPublished:
        for (index, state) in states where state == .driver { states[index] = .available }
        if let value = entry.value { publishedIdx = UInt16(truncatingIfNeeded: value) }
      case .chainPopped:
        if let value = entry.value { mark(UInt16(truncatingIfNeeded: value), .inUse) }
      case .index:
        if let value = entry.value {
          if entry.role == .device {
            lastAvailIdx = UInt16(truncatingIfNeeded: value)
          } else {
            lastUsedIdx = UInt16(truncatingIfNeeded: value)
          }
        }
      case .usedPushed:
        // The chain becomes "used" when used.idx publishes the element, not when the element is written.
        if let value = entry.value { deviceUsedIdx = UInt16(truncatingIfNeeded: value) }
        if let head = pushing { mark(head, .used) }
        pushing = nil
      case .reclaimed:
        if let value = entry.value {
          let head = UInt16(truncatingIfNeeded: value)
          for index in chain(head) ?? [Int(head)] where index >= 0 && index < size { states[index] = nil }
          added[head] = nil
          reclaimed.insert(head)
        }
      case .reset:
        states = [:]
        added = [:]
        reclaimed = Set((0..<min(size, 65536)).map { UInt16(truncatingIfNeeded: $0) })
        lastAvailIdx = 0
        publishedIdx = 0
        shadowIdx = 0
        lastUsedIdx = 0
        deviceUsedIdx = 0
      default:
        break
      }
    }
    if case .descriptor(let i, _)? = current { focusDescriptor = i }
  }

  /// The head in `avail.ring[index % N]`, read from memory at the cursor.
  func headInAvail(_ index: UInt16) -> UInt16? {
    try? memory.load(UInt16.self, at: layout.availEntry(layout.slot(index)))
  }

  /// The state of descriptor `index`.
  func state(_ index: Int) -> DescriptorState { states[index] ?? .free }

  /// The value of a ring field in memory at the cursor (0 when unreadable).
  func value(_ field: RingField) -> UInt64 {
    guard let (address, width) = layout.location(of: field) else { return 0 }
    switch width {
    case 2: return UInt64((try? memory.load(UInt16.self, at: address)) ?? 0)
    case 4: return UInt64((try? memory.load(UInt32.self, at: address)) ?? 0)
    case 8: return (try? memory.load(UInt64.self, at: address)) ?? 0
    default: return 0
    }
  }

  /// How a field is highlighted: `.current` while the current event animates, `.changed` once it settled or when
  /// an earlier event of the step wrote it.
  func highlight(_ field: RingField) -> ThemeRole? {
    if field == current { return lit ? .current : .changed }
    return changed.contains(field) ? .changed : nil
  }
}
