/// The last lines of a byte stream that arrives in pieces (QEMU's serial console, its stderr log), kept for an
/// error line: when QEMU exits before the guest is up, the learner sees why (a bad option, a kernel panic).
///
/// Pure: it only sees the bytes it is given. Carriage returns, other control bytes and terminal escape sequences
/// (`ESC [ … final`, ECMA-48 5.4) are dropped (a serial console ends lines with `\r\n`), blank lines are not kept, a line longer than
/// ``lineLimit`` keeps its first ``lineLimit`` bytes, and the line still being written counts as the last one.
public struct ConsoleTail: Equatable, Sendable {
  /// How many lines are kept.
  public let count: Int
  /// How many bytes of one line are kept.
  public let lineLimit: Int
  private var complete: [[UInt8]] = []
  private var partial: [UInt8] = []
  private var partialTruncated = false
  /// Where in an escape sequence the stream is.
  private var escape = Escape.none

  private enum Escape: Equatable, Sendable { case none, started, controlSequence }

  public init(lines count: Int = 5, lineLimit: Int = 200) {
    self.count = max(1, count)
    self.lineLimit = max(1, lineLimit)
  }

  /// Adds the bytes that arrived.
  public mutating func append<S: Sequence<UInt8>>(_ bytes: S) {
    for byte in bytes {
      if skipsEscape(byte) { continue }
      switch byte {
      case 0x0a:
        endLine()
      case 0x09:
        add(0x20)
      case 0x1b:
        escape = .started
      case 0..<0x20, 0x7f:
        continue  // \r, bells: not text
      default:
        add(byte)
      }
    }
  }

  /// The kept lines, oldest first, the unfinished last line included; a cut line ends in "…".
  public var lines: [String] {
    var all = complete.map { String(decoding: $0, as: UTF8.self) }
    let last = trimmed(partial)
    if !last.isEmpty { all.append(String(decoding: last, as: UTF8.self) + (partialTruncated ? "…" : "")) }
    return Array(all.suffix(count))
  }

  /// The lines joined with " | " (one error line), or `empty` when there is none.
  public func summary(empty: String = "(nothing)") -> String {
    let l = lines
    return l.isEmpty ? empty : l.joined(separator: " | ")
  }

  /// Whether `byte` belongs to an escape sequence (ESC then one byte, or ESC [ parameters then a final byte in
  /// 0x40–0x7E).
  private mutating func skipsEscape(_ byte: UInt8) -> Bool {
    switch escape {
    case .none:
      return false
    case .started:
      escape = byte == UInt8(ascii: "[") ? .controlSequence : .none
    case .controlSequence:
      if (0x40...0x7e).contains(byte) { escape = .none }
    }
    return true
  }

  private mutating func add(_ byte: UInt8) {
    if partial.count < lineLimit { partial.append(byte) } else { partialTruncated = true }
  }

  private mutating func endLine() {
    let line = trimmed(partial)
    if !line.isEmpty {
      complete.append(partialTruncated ? line + Array("…".utf8) : line)
      if complete.count > count { complete.removeFirst(complete.count - count) }
    }
    partial.removeAll(keepingCapacity: true)
    partialTruncated = false
  }

  private func trimmed(_ line: [UInt8]) -> [UInt8] {
    guard let first = line.firstIndex(where: { $0 != 0x20 }), let last = line.lastIndex(where: { $0 != 0x20 }) else { return [] }
    return Array(line[first...last])
  }
}
