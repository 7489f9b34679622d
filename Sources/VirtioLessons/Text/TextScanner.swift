import TermGrid

/// Checks a lesson's raw bytes and turns them into clean text.
///
/// Reports invalid UTF-8, control characters other than `\n` and `\t`, lone
/// carriage returns and terminal escape sequences, each at its exact
/// position. The returned text has CRLF turned into LF, a leading BOM
/// removed, and every reported character replaced one-for-one by U+FFFD (a lone
/// CR by a space), so later stages see the same lines and columns and do not
/// report the same problem again.
struct TextScanner {
  /// At most this many character problems are reported one by one.
  static let reportLimit = 20

  private let file: String
  private let bytes: [UInt8]
  private var index = 0
  private var line = 1
  private var column = 1
  private var output: [UInt8] = []
  private(set) var diagnostics: [LessonDiagnostic] = []
  private var problems = 0
  private var bidiWarnings = 0
  private var firstUnreported: SourcePosition?

  private init(bytes: [UInt8], file: String) {
    self.bytes = bytes
    self.file = file
    output.reserveCapacity(bytes.count)
  }

  /// Scans `bytes`; returns the clean text and the problems found.
  static func scan(_ bytes: [UInt8], file: String) -> (text: String, diagnostics: [LessonDiagnostic]) {
    var scanner = TextScanner(bytes: bytes, file: file)
    scanner.run()
    return (String(decoding: scanner.output, as: UTF8.self), scanner.diagnostics)
  }

  private var position: SourcePosition { SourcePosition(file: file, line: line, column: column) }

  private mutating func run() {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    while index < bytes.count {
      // A run of printable ASCII and tabs (most of a lesson) is copied as it is, one column a byte.
      let run = Self.plainRunEnd(bytes, from: index)
      if run > index {
        output.append(contentsOf: bytes[index..<run])
        column += run - index
        index = run
        continue
      }
      let byte = bytes[index]
      if byte < 0x80 {
        ascii(byte)
      } else {
        multibyte()
      }
    }
    if problems > Self.reportLimit, let at = firstUnreported {
      let more = problems - Self.reportLimit
      diagnostics.append(
        .error(
          "\(more) more invalid byte\(more == 1 ? "" : "s") or control character\(more == 1 ? "" : "s") not reported",
          at: at))
    }
  }

  /// The end of the run of printable ASCII and tabs that starts at `start` (`start` itself when there is none).
  private static func plainRunEnd(_ bytes: [UInt8], from start: Int) -> Int {
    bytes.withUnsafeBufferPointer { buffer in
      var end = start
      while end < buffer.count {
        let byte = buffer[end]
        guard (0x20..<0x7F).contains(byte) || byte == 0x09 else { break }
        end += 1
      }
      return end
    }
  }

  private mutating func ascii(_ byte: UInt8) {
    switch byte {
    case 0x0A:
      output.append(byte)
      index += 1
      line += 1
      column = 1
    case 0x0D where index + 1 < bytes.count && bytes[index + 1] == 0x0A:
      index += 1  // CRLF: drop the CR, the LF follows
    case 0x0D:
      report("control character U+000D (CR) without a line feed would drive the terminal; use LF or CRLF line ends")
      output.append(0x20)
      index += 1
      column += 1
    case 0x1B:
      escape()
    case 0x09, 0x20..<0x7F:
      output.append(byte)
      index += 1
      column += 1
    default:
      report("control character \(ControlCharacter.describe(UInt32(byte))) would drive the terminal")
      replaceScalar(byteCount: 1)
    }
  }

  private mutating func multibyte() {
    var iterator = bytes[index...].makeIterator()
    var parser = Unicode.UTF8.ForwardParser()
    switch parser.parseScalar(from: &iterator) {
    case .valid(let encoded):
      let value = Unicode.UTF8.decode(encoded).value
      if ControlCharacter.isControl(value) {
        report("control character \(ControlCharacter.describe(value)) would drive the terminal")
        replaceScalar(byteCount: encoded.count)
      } else {
        if let scalar = Unicode.Scalar(value), TextSanitizer.hazard(scalar) == .bidi { warnBidi(value) }
        output.append(contentsOf: encoded)
        index += encoded.count
        column += 1
      }
    case .error(let length):
      let hex = String(bytes[index], radix: 16, uppercase: true)
      report("invalid UTF-8 byte 0x\(hex.count == 1 ? "0" : "")\(hex); a lesson must be UTF-8 text")
      replaceScalar(byteCount: max(length, 1))
    case .emptyInput:
      index = bytes.count
    }
  }

  /// ESC: a CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`) or two-character
  /// sequence is reported once as a whole; a lone ESC as a control character.
  private mutating func escape() {
    let next = index + 1 < bytes.count ? bytes[index + 1] : 0
    guard (0x20..<0x7F).contains(next) else {
      report("control character U+001B (ESC) would drive the terminal")
      replaceScalar(byteCount: 1)
      return
    }
    var end = index + 2
    if next == UInt8(ascii: "[") {
      while end < bytes.count, (0x20...0x3F).contains(bytes[end]) { end += 1 }
      if end < bytes.count, (0x40...0x7E).contains(bytes[end]) { end += 1 }
    } else if next == UInt8(ascii: "]") {
      while end < bytes.count, bytes[end] != 0x07, bytes[end] != 0x0A, bytes[end] != 0x1B { end += 1 }
      if end < bytes.count, bytes[end] == 0x07 { end += 1 }
    }
    // Shown printable: a control byte inside the sequence (an OSC's BEL) is named, never echoed.
    let body = bytes[(index + 1)..<end].prefix(12).map { byte in
      (0x20..<0x7F).contains(byte) ? String(Character(Unicode.Scalar(byte))) : "<BEL>"
    }
    let shown = body.joined() + (end - index - 1 > 12 ? "…" : "")
    report("terminal escape sequence \"ESC\(shown)\" would drive the terminal")
    replaceScalar(byteCount: 1)
    // The rest of the sequence is printable ASCII except an OSC's BEL.
    while index < end {
      if bytes[index] == 0x07 {
        replaceScalar(byteCount: 1)
      } else {
        output.append(bytes[index])
        index += 1
        column += 1
      }
    }
  }

  /// A bidi override, isolate or mark reorders the text after it on screen (U+202E can make code read backwards):
  /// a warning at its column, kept (it may be meant, in right-to-left text).
  private mutating func warnBidi(_ value: UInt32) {
    bidiWarnings += 1
    guard bidiWarnings <= Self.reportLimit else { return }
    diagnostics.append(
      .warning("bidi control \(ControlCharacter.describe(value)) reorders the text around it on screen", at: position))
  }

  private mutating func replaceScalar(byteCount: Int) {
    output.append(contentsOf: [0xEF, 0xBF, 0xBD])
    index += byteCount
    column += 1
  }

  private mutating func report(_ message: String) {
    problems += 1
    if problems <= Self.reportLimit {
      diagnostics.append(.error(message, at: position))
    } else if firstUnreported == nil {
      firstUnreported = position
    }
  }
}
