/// A named field of a packed virtqueue in guest memory (2.8 Packed Virtqueues), spelled as the script spells it:
/// `desc[3].id`, `desc[0].flags`, `driver_event.off_wrap`, `device_event.flags`.
///
/// Carried in traces as ``RingField/packed(_:)``, so the split ring's field names keep their meaning.
public enum PackedField: Hashable, Sendable, CustomStringConvertible {
  /// A part of `desc[i]` in the descriptor ring.
  case descriptor(Int, PackedDescriptorPart)
  /// A part of entry `i` of an indirect table (of `pvirtq_desc`) at `table`.
  case indirect(table: GuestAddress, Int, PackedDescriptorPart)
  /// A part of the Driver Event Suppression structure (Driver Area; controls used-buffer notifications).
  case driverEvent(EventSuppressionPart)
  /// A part of the Device Event Suppression structure (Device Area; controls available-buffer notifications).
  case deviceEvent(EventSuppressionPart)

  public var description: String {
    switch self {
    case .descriptor(let i, let part): return "desc[\(i)].\(part.rawValue)"
    case .indirect(let table, let i, let part): return "indirect@0x\(String(table, radix: 16))[\(i)].\(part.rawValue)"
    case .driverEvent(let part): return "driver_event.\(part.rawValue)"
    case .deviceEvent(let part): return "device_event.\(part.rawValue)"
    }
  }

  /// Which side writes the area: the descriptor ring is written by both (the driver makes slots available, the
  /// device marks them used) and reported as the driver's; each event structure by its named side.
  public var owner: Role {
    switch self {
    case .deviceEvent: return .device
    default: return .driver
    }
  }

  /// Width in bytes.
  public var width: Int {
    switch self {
    case .descriptor(_, let part), .indirect(_, _, let part): return part.width
    case .driverEvent, .deviceEvent: return 2
    }
  }

  /// Parses `desc[2].id`, `desc[0].flags`, `driver_event.off_wrap`, `device_event.flags`, case-insensitive.
  public init?(parsing text: String) {
    let t = text.lowercased()
    for (prefix, make) in [("driver_event.", Self.driverEvent), ("device_event.", Self.deviceEvent)] where t.hasPrefix(prefix) {
      guard let part = EventSuppressionPart(rawValue: String(t.dropFirst(prefix.count))) else { return nil }
      self = make(part)
      return
    }
    guard t.hasPrefix("desc["), let close = t.firstIndex(of: "]") else { return nil }
    let digits = t[t.index(t.startIndex, offsetBy: 5)..<close]
    guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let index = Int(digits), index >= 0 else { return nil }
    let rest = t[t.index(after: close)...]
    guard rest.hasPrefix("."), let part = PackedDescriptorPart(rawValue: String(rest.dropFirst())) else { return nil }
    self = .descriptor(index, part)
  }
}

/// One field of a packed descriptor (`struct pvirtq_desc`): `addr` (+0, le64), `len` (+8, le32), `id` (+12, le16),
/// `flags` (+14, le16).
public enum PackedDescriptorPart: String, Hashable, Sendable, CaseIterable {
  case addr, len, id, flags

  /// Byte offset inside the 16-byte descriptor.
  public var offset: UInt64 {
    switch self {
    case .addr: return 0
    case .len: return 8
    case .id: return 12
    case .flags: return 14
    }
  }

  /// Width in bytes.
  public var width: Int {
    switch self {
    case .addr: return 8
    case .len: return 4
    case .id, .flags: return 2
    }
  }

  init(offset: UInt64) {
    switch offset {
    case 0..<8: self = .addr
    case 8..<12: self = .len
    case 12..<14: self = .id
    default: self = .flags
    }
  }
}

/// One field of `struct pvirtq_event_suppress`: `off_wrap` (+0, le16: offset in bits 0–14, wrap in bit 15) and
/// `flags` (+2, le16: ENABLE 0, DISABLE 1, DESC 2).
public enum EventSuppressionPart: String, Hashable, Sendable, CaseIterable {
  case offWrap = "off_wrap"
  case flags

  /// Byte offset inside the 4-byte structure.
  public var offset: UInt64 { self == .offWrap ? 0 : 2 }
}

/// How a packed field's value reads best: addresses and `off_wrap` in hex, flags by name, the rest in decimal.
public enum PackedFieldFormat {
  /// Formats `value` for `field`: `0x3000`, `WRITE|AVAIL`, `DESC`, `0x8003`, `5`.
  public static func value(_ value: UInt64, of field: PackedField) -> String {
    let v16 = UInt16(truncatingIfNeeded: value)
    switch field {
    case .descriptor(_, .addr), .indirect(_, _, .addr): return hex(value)
    case .descriptor(_, .flags), .indirect(_, _, .flags): return PackedDescriptorFlags(rawValue: v16).description
    case .driverEvent(.flags), .deviceEvent(.flags): return PackedEvent.flagsName(v16)
    case .driverEvent(.offWrap), .deviceEvent(.offWrap): return hex(value)
    default: return String(value)
    }
  }
}
