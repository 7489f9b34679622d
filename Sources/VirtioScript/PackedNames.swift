import VirtioCore

/// The symbolic values of packed fields in scripts: descriptor flags by name (`AVAIL|WRITE`) and event flags
/// (`ENABLE`, `DISABLE`, `DESC`).
enum PackedNames {
  /// The number `text` names for `field`, or nil. Descriptor flags (split or packed spelling) take
  /// `NEXT|WRITE|INDIRECT|AVAIL|USED`; event-structure flags take `ENABLE`, `DISABLE` or `DESC`.
  static func value(_ text: String, for field: RingField) -> UInt64? {
    if let n = ScriptNumber.parse(text) { return n }
    let upper = text.uppercased()
    switch field {
    case .packed(.driverEvent(.flags)), .packed(.deviceEvent(.flags)):
      return PackedEvent.named.first { $0.name == upper }.map { UInt64($0.value) }
    case .descriptor(_, .flags), .indirect(_, _, .flags), .packed(.descriptor(_, .flags)), .packed(.indirect(_, _, .flags)):
      var bits: UInt16 = 0
      for name in upper.split(separator: "|", omittingEmptySubsequences: false) {
        guard let flag = PackedDescriptorFlags.named.first(where: { $0.name == name }) else { return nil }
        bits |= flag.flag.rawValue
      }
      return UInt64(bits)
    default:
      return nil
    }
  }
}
