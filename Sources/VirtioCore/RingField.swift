/// A named field of a split virtqueue in guest memory, spelled as in the spec and in Linux:
/// `desc[3].next`, `avail.idx`, `avail.ring[2]`, `avail.used_event`, `used.ring[0].len`, `used.avail_event`.
public enum RingField: Hashable, Sendable, CustomStringConvertible {
  /// A part of `desc[i]` in the descriptor table.
  case descriptor(Int, DescriptorPart)
  /// A part of entry `i` of an indirect table at `table`.
  case indirect(table: GuestAddress, Int, DescriptorPart)
  /// `avail.flags`.
  case availFlags
  /// `avail.idx`.
  case availIdx
  /// `avail.ring[i]`.
  case availRing(Int)
  /// `avail.used_event` (only meaningful with VIRTIO_F_EVENT_IDX).
  case usedEvent
  /// `used.flags`.
  case usedFlags
  /// `used.idx`.
  case usedIdx
  /// `used.ring[i].id`.
  case usedRingID(Int)
  /// `used.ring[i].len`.
  case usedRingLen(Int)
  /// `used.avail_event` (only meaningful with VIRTIO_F_EVENT_IDX).
  case availEvent
  /// A data buffer of `length` bytes at an address (not a ring field).
  case buffer(GuestAddress, length: Int)
  /// A field of a packed virtqueue (`desc[i].id`, `driver_event.off_wrap`, …).
  case packed(PackedField)

  public var description: String {
    switch self {
    case .descriptor(let i, let part): return "desc[\(i)].\(part.rawValue)"
    case .indirect(let table, let i, let part): return "indirect@0x\(String(table, radix: 16))[\(i)].\(part.rawValue)"
    case .availFlags: return "avail.flags"
    case .availIdx: return "avail.idx"
    case .availRing(let i): return "avail.ring[\(i)]"
    case .usedEvent: return "avail.used_event"
    case .usedFlags: return "used.flags"
    case .usedIdx: return "used.idx"
    case .usedRingID(let i): return "used.ring[\(i)].id"
    case .usedRingLen(let i): return "used.ring[\(i)].len"
    case .availEvent: return "used.avail_event"
    case .buffer(let address, let length): return "buffer@0x\(String(address, radix: 16))+\(length)"
    case .packed(let field): return field.description
    }
  }

  /// Which side owns (writes) the area this field lives in: the driver area and descriptor table belong to the
  /// driver, the used ring to the device.
  public var owner: Role {
    switch self {
    case .usedFlags, .usedIdx, .usedRingID, .usedRingLen, .availEvent: return .device
    case .packed(let field): return field.owner
    default: return .driver
    }
  }

  /// Parses `desc[2].next`, `avail.idx`, `avail.ring[0]`, `used_event`, `used.ring[1].len`, `avail_event`, …
  public init?(parsing text: String) {
    let t = text.lowercased()
    switch t {
    case "avail.flags": self = .availFlags
    case "avail.idx": self = .availIdx
    case "avail.used_event", "used_event": self = .usedEvent
    case "used.flags": self = .usedFlags
    case "used.idx": self = .usedIdx
    case "used.avail_event", "avail_event": self = .availEvent
    default:
      guard let field = Self.parseIndexed(t) ?? PackedField(parsing: t).map(RingField.packed) else { return nil }
      self = field
    }
  }

  private static func parseIndexed(_ t: String) -> RingField? {
    // name[index] optionally followed by .part
    guard let open = t.firstIndex(of: "["), let close = t.firstIndex(of: "]"), open < close else { return nil }
    let name = String(t[..<open])
    guard let index = Int(t[t.index(after: open)..<close]), index >= 0 else { return nil }
    let rest = String(t[t.index(after: close)...])
    switch name {
    case "desc":
      guard rest.hasPrefix("."), let part = DescriptorPart(rawValue: String(rest.dropFirst())) else { return nil }
      return .descriptor(index, part)
    case "avail.ring":
      return rest.isEmpty ? .availRing(index) : nil
    case "used.ring":
      switch rest {
      case ".id": return .usedRingID(index)
      case ".len": return .usedRingLen(index)
      default: return nil
      }
    default:
      return nil
    }
  }
}

/// One field of a descriptor: `addr` (+0, 8 bytes), `len` (+8, 4), `flags` (+12, 2), `next` (+14, 2).
public enum DescriptorPart: String, Hashable, Sendable, CaseIterable {
  case addr, len, flags, next

  /// Byte offset inside the 16-byte descriptor.
  public var offset: UInt64 {
    switch self {
    case .addr: return 0
    case .len: return 8
    case .flags: return 12
    case .next: return 14
    }
  }

  /// Width in bytes.
  public var width: Int {
    switch self {
    case .addr: return 8
    case .len: return 4
    case .flags, .next: return 2
    }
  }

  init(offset: UInt64) {
    switch offset {
    case 0..<8: self = .addr
    case 8..<12: self = .len
    case 12..<14: self = .flags
    default: self = .next
    }
  }
}
