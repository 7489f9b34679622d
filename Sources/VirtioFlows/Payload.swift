/// Deterministic packet contents, so every run moves the same bytes.
enum Payload {
  /// `count` bytes of packet `packet` (from 1): lower-case letters that shift by packet, easy to spot in a dump.
  /// A copy out of one shared run of letters (a run at the limits builds 100,000 frames of 65,535 bytes).
  static func frame(packet: Int, count: Int) -> [UInt8] {
    let n = max(0, count)
    let start = ((packet - 1) % 26 + 26) % 26
    guard n <= letters.count - start else {
      return (0..<n).map { UInt8(0x61 + ($0 + start) % 26) }
    }
    return Array(letters[start..<(start + n)])
  }

  /// `abc…zabc…`, long enough for the largest packet from any starting letter.
  private static let letters: [UInt8] = (0..<(FlowOptions.maximumBytes + 26)).map { UInt8(0x61 + $0 % 26) }

  /// The 12-byte `virtio_net_hdr` (reference §4.7) with every field 0: no checksum offload, `GSO_NONE`,
  /// `num_buffers` 0 (the driver leaves it 0 on transmit).
  static let netHeader = [UInt8](repeating: 0, count: 12)

  /// `value` as 4 little-endian bytes.
  static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) } }

  /// A hex rendering of up to `limit` bytes: `61 62 63 …`.
  static func hex(_ bytes: [UInt8], limit: Int = 8) -> String {
    let shown = bytes.prefix(limit).map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined(separator: " ")
    return bytes.count > limit ? shown + " …" : shown
  }
}
