import VirtioCore

/// What the step did to a ring so far, for a picture to mark: the fields written before the current event (with
/// who wrote them), the current event's field and writer, and where to look in a long queue. Presentation only:
/// the ring's state itself is the engine's snapshot.
public struct RingTouches: Equatable, Sendable {
  /// Fields written (or poked) earlier in the step, with their writer.
  public var earlier: [RingField: Role]
  /// The field the current event writes or reads, if any.
  public var current: RingField?
  /// Who performs the current event.
  public var currentRole: Role?
  /// Whether the current event's animation is still running (then its field is marked "now").
  public var lit: Bool
  /// The side whose private ring index the current event moves (`last_avail_idx` for the device,
  /// `last_used_idx` for the driver), if it moves one.
  public var movedIndex: Role?
  /// The descriptor, avail slot and used slot the step touched last (what a window keeps in view).
  public var focusDescriptor: Int?
  public var focusAvailSlot: Int?
  public var focusUsedSlot: Int?
  /// The field the step's unanswered exercise asks for (``VisualFrame/concealed``): drawn as `?`.
  public var concealed: RingField?

  public init(
    earlier: [RingField: Role] = [:], current: RingField? = nil, currentRole: Role? = nil, lit: Bool = false,
    movedIndex: Role? = nil, focusDescriptor: Int? = nil, focusAvailSlot: Int? = nil, focusUsedSlot: Int? = nil
  ) {
    self.earlier = earlier
    self.current = current
    self.currentRole = currentRole
    self.lit = lit
    self.movedIndex = movedIndex
    self.focusDescriptor = focusDescriptor
    self.focusAvailSlot = focusAvailSlot
    self.focusUsedSlot = focusUsedSlot
  }

  /// The touches of the first `played` events of a step (the last one is the current event).
  public init(events: some Collection<TraceEntry>, lit: Bool) {
    self.init(lit: lit)
    let last = events.count - 1
    for (n, entry) in events.enumerated() {
      if n == last {
        current = entry.field
        currentRole = entry.role
        if entry.kind == .index { movedIndex = entry.role }
      } else if let field = entry.field, entry.kind == .write || entry.kind == .poke {
        earlier[field] = entry.role
      }
      switch entry.field {
      case .descriptor(let i, _)?: focusDescriptor = i
      case .availRing(let i)?: focusAvailSlot = i
      case .usedRingID(let i)?, .usedRingLen(let i)?: focusUsedSlot = i
      case .packed(.descriptor(let i, _))?: focusDescriptor = i
      default: break
      }
    }
  }

  /// How `field` is marked: "now" while the current event animates, "earlier" once it settled or when an
  /// earlier event of the step wrote it; nil when untouched.
  public func mark(_ field: RingField) -> (now: Bool, writer: Role)? {
    if field == current, let role = currentRole { return (lit, role) }
    return earlier[field].map { (false, $0) }
  }
}
