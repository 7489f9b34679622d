extension GuestMemory {
  /// Reads a ring field and records the read.
  /// `ring`: the address is a ring field of a ring ``holdsRing(_:)`` said this memory holds (no check per access).
  @inline(__always) func tracedLoad<T: FixedWidthInteger & UnsignedInteger>(
    _: T.Type, field: RingField, at address: GuestAddress, by role: Role, trace: inout Trace, ring: Bool = false
  ) throws(VirtqueueError) -> T {
    let value: T = ring ? ringLoad(at: address) : try load(at: address)
    trace.record(
        role: role, kind: .read, field: field, address: address, length: MemoryLayout<T>.size,
        value: UInt64(value), code: .fieldRead)
    return value
  }

  /// Writes a ring field and records the write with the old value.
  @inline(__always) mutating func tracedStore<T: FixedWidthInteger & UnsignedInteger>(
    _ value: T, field: RingField, at address: GuestAddress, by role: Role, trace: inout Trace, ring: Bool = false
  ) throws(VirtqueueError) {
    if ring {
      let old: T = trace.isEnabled ? ringLoad(at: address) : 0
      ringStore(value, at: address)
      trace.record(
          role: role, kind: .write, field: field, address: address, length: MemoryLayout<T>.size,
          value: UInt64(value), oldValue: UInt64(old), code: .fieldWrite)
      return
    }
    let old: T = trace.isEnabled ? try load(at: address) : 0
    try store(value, at: address)
    trace.record(
        role: role, kind: .write, field: field, address: address, length: MemoryLayout<T>.size,
        value: UInt64(value), oldValue: UInt64(old), code: .fieldWrite)
  }
}

/// How a field's value reads best: addresses in hex, flags decoded, indices in decimal.
public enum FieldFormat {
  /// Formats `value` for `field`: `0x3000`, `NEXT|WRITE`, `5`.
  public static func value(_ value: UInt64, of field: RingField) -> String {
    switch field {
    case .descriptor(_, .addr), .indirect(_, _, .addr): return hex(value)
    case .descriptor(_, .flags), .indirect(_, _, .flags):
      return DescriptorFlags(rawValue: UInt16(truncatingIfNeeded: value)).description
    case .availFlags: return value & 1 == 1 ? "NO_INTERRUPT" : String(value)
    case .usedFlags: return value & 1 == 1 ? "NO_NOTIFY" : String(value)
    case .packed(let field): return PackedFieldFormat.value(value, of: field)
    default: return String(value)
    }
  }
}
