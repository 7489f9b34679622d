import TermGrid

/// The guest's serial console as lines of text: bytes from the guest go in, UTF-8 is decoded across chunk
/// boundaries, `\r`, `\n`, backspace and tab move the cursor, and escape sequences (CSI, OSC, two-byte ESC) and
/// other control characters are dropped, so nothing the guest sends can drive the learner's terminal.
public struct ConsoleScreen: Equatable, Sendable {
  /// The lines kept (oldest first); the last one is where the cursor is.
  public private(set) var lines: [[Character]] = [[]]
  /// The cursor's column in the last line.
  public private(set) var column = 0
  /// How many lines are kept.
  public let limit: Int
  private var pending: [UInt8] = []
  private var escape: EscapeState = .none

  enum EscapeState: Equatable, Sendable { case none, escape, csi, osc, oscEscape }

  public init(limit: Int = 500) { self.limit = max(1, limit) }

  /// The lines as strings.
  public var text: [String] { lines.map { String($0) } }

  /// Appends bytes from the guest.
  public mutating func feed(_ bytes: [UInt8]) {
    pending += bytes
    var i = 0
    while i < pending.count {
      let b = pending[i]
      if escape != .none || b < 0x80 {
        consume(ascii: b)
        i += 1
        continue
      }
      let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
      guard i + length <= pending.count else { break }  // the rest of the sequence comes with the next chunk
      let scalar = String(decoding: pending[i..<i + length], as: UTF8.self).unicodeScalars.first ?? TextSanitizer.replacement
      put(TextSanitizer.hazard(scalar) == nil ? Character(scalar) : Character(TextSanitizer.replacement))
      i += length
    }
    pending.removeFirst(i)
  }

  private mutating func consume(ascii b: UInt8) {
    switch escape {
    case .escape:
      escape = b == UInt8(ascii: "[") ? .csi : b == UInt8(ascii: "]") ? .osc : .none
      return
    case .csi:
      if (0x40...0x7E).contains(b) { escape = .none }
      return
    case .osc:
      if b == 0x07 { escape = .none } else if b == 0x1B { escape = .oscEscape }
      return
    case .oscEscape:
      escape = .none
      return
    case .none: break
    }
    switch b {
    case 0x1B: escape = .escape
    case 0x0A: newLine()
    case 0x0D: column = 0
    case 0x08: column = max(0, column - 1)
    case 0x09: for _ in 0..<(8 - column % 8) { put(" ") }
    case 0x20...0x7E: put(Character(Unicode.Scalar(b)))
    default: break  // other controls (BEL, NUL, DEL …) are dropped
    }
  }

  private mutating func put(_ c: Character) {
    var line = lines[lines.count - 1]
    if column < line.count { line[column] = c } else {
      line += Array(repeating: " ", count: column - line.count)
      line.append(c)
    }
    lines[lines.count - 1] = line
    column += 1
  }

  private mutating func newLine() {
    lines.append([])
    column = 0
    if lines.count > limit { lines.removeFirst(lines.count - limit) }
  }

  /// The last `height` rows of the console wrapped at `width` columns (long lines continue on the next row).
  public func rows(width: Int, height: Int) -> [String] {
    guard width > 0, height > 0 else { return [] }
    var rows: [String] = []
    for line in lines.suffix(height) {
      if line.isEmpty { rows.append(""); continue }
      var start = 0
      while start < line.count {
        rows.append(String(line[start..<min(line.count, start + width)]))
        start += width
      }
    }
    return Array(rows.suffix(height))
  }
}
