/// The cache file's format: a header, then one record per file, every field a length-prefixed byte string
/// (`<decimal length>:<bytes>`), so any text round-trips exactly. Decoding is strict: anything unexpected (another
/// version, a truncated or edited file) gives an empty cache, and the heads are then read from the files.
extension LessonHeadCache {
  /// The format's name; the caller's `version` (the executable's identity) follows it in the header.
  static let format = "virtio-tutor lesson heads 1"

  /// The bytes of `entries` (sorted by file name, so the same entries give the same bytes).
  public static func encode(_ entries: [String: Entry], version: String) -> [UInt8] {
    var out = FieldWriter()
    out.field(format)
    out.field(version)
    out.field(entries.count)
    for name in entries.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
      guard let entry = entries[name] else { continue }
      out.field(name)
      let s = entry.stamp
      for number in [s.size, s.modified, s.modifiedNanoseconds, s.changed, s.changedNanoseconds, s.inode] {
        out.field(Int(number))
      }
      out.meta(entry.head.meta)
      out.field(entry.head.diagnostics.count)
      for d in entry.head.diagnostics {
        out.field(d.severity.rawValue)
        out.field(d.message)
        out.position(d.position)
      }
    }
    return out.bytes
  }

  /// The entries in `bytes`, or none when they are not a cache of this `version`.
  public static func decode(_ bytes: [UInt8], version: String) -> [String: Entry] {
    var reader = FieldReader(bytes: bytes)
    guard reader.string() == format, reader.string() == version, let count = reader.int(), count >= 0 else { return [:] }
    var entries: [String: Entry] = [:]
    for _ in 0..<count {
      guard let entry = reader.entry() else { return [:] }
      entries[entry.name] = entry.entry
    }
    return reader.isAtEnd ? entries : [:]
  }
}

/// Writes length-prefixed fields.
private struct FieldWriter {
  var bytes: [UInt8] = []

  mutating func field(_ text: String) {
    bytes += String(text.utf8.count).utf8
    bytes.append(UInt8(ascii: ":"))
    bytes += text.utf8
  }

  mutating func field(_ number: Int) { field(String(number)) }

  /// An optional: `-` for none, `+` then the value.
  mutating func optional<T>(_ value: T?, _ write: (inout FieldWriter, T) -> Void) {
    guard let value else { return field("-") }
    field("+")
    write(&self, value)
  }

  mutating func position(_ p: SourcePosition) {
    field(p.file)
    field(p.line)
    field(p.column)
  }

  mutating func meta(_ meta: LessonMeta?) {
    optional(meta) { out, m in
      out.field(m.id)
      out.position(m.idPosition)
      out.field(m.title)
      out.optional(m.order) { $0.field($1) }
      out.optional(m.summary) { $0.field($1) }
      out.optional(m.minutes) { $0.field($1) }
      out.optional(m.setup) { out, script in
        out.field(script.source)
        out.position(script.position)
      }
      out.optional(m.view) { $0.field($1.rawValue) }
      out.optional(m.autoAdvance) { $0.field(String($1.bitPattern, radix: 16)) }
    }
  }
}

/// Reads length-prefixed fields; every read is `nil` on malformed input.
private struct FieldReader {
  let bytes: [UInt8]
  var offset = 0

  var isAtEnd: Bool { offset == bytes.count }

  mutating func raw() -> ArraySlice<UInt8>? {
    var length = 0
    while offset < bytes.count, bytes[offset] != UInt8(ascii: ":") {
      let digit = Int(bytes[offset]) - Int(UInt8(ascii: "0"))
      guard (0...9).contains(digit), length < 1 << 40 else { return nil }
      length = length * 10 + digit
      offset += 1
    }
    guard offset < bytes.count, length <= bytes.count - offset - 1 else { return nil }
    let start = offset + 1
    offset = start + length
    return bytes[start..<offset]
  }

  /// A text field. The cache is written only by ``LessonHeadCache/encode(_:version:)`` (and atomically), so its
  /// bytes are UTF-8; `String(decoding:)` is used over `String(validating:)`, whose generic path cost most of a
  /// warm start-up with 1,200 lessons.
  mutating func string() -> String? {
    guard let raw = raw() else { return nil }
    return String(decoding: raw, as: UTF8.self)
  }

  /// A decimal field (`-` then digits, or digits), read from the bytes.
  mutating func int() -> Int? {
    guard var digits = raw(), !digits.isEmpty else { return nil }
    let negative = digits.first == UInt8(ascii: "-")
    if negative { digits = digits.dropFirst() }
    guard !digits.isEmpty else { return nil }
    var value = 0  // accumulated as a negative number, so Int.min fits
    for byte in digits {
      guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
      let (times10, o1) = value.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times10.subtractingReportingOverflow(Int(byte - UInt8(ascii: "0")))
      guard !o1, !o2 else { return nil }
      value = sum
    }
    if negative { return value }
    return value == .min ? nil : -value
  }

  /// An optional's marker: `.some(true)` for a value, `.some(false)` for none, `nil` when malformed.
  mutating func present() -> Bool? {
    guard let raw = raw(), raw.count == 1 else { return nil }
    switch raw[raw.startIndex] {
    case UInt8(ascii: "+"): return true
    case UInt8(ascii: "-"): return false
    default: return nil
    }
  }

  mutating func position() -> SourcePosition? {
    guard let file = string(), let line = int(), let column = int() else { return nil }
    return SourcePosition(file: file, line: line, column: column)
  }

  /// Reads an optional value with `read`; `.some(nil)` for none, `nil` when malformed.
  mutating func optional<T>(_ read: (inout FieldReader) -> T?) -> T?? {
    guard let present = present() else { return nil }
    guard present else { return .some(nil) }
    guard let value = read(&self) else { return nil }
    return .some(value)
  }

  mutating func meta() -> LessonMeta?? {
    optional { r -> LessonMeta? in
      guard let id = r.string(), let idPosition = r.position(), let title = r.string(),
        let order = r.optional({ $0.int() }), let summary = r.optional({ $0.string() }),
        let minutes = r.optional({ $0.int() }),
        let setup = r.optional({ r -> StepScript? in
          guard let source = r.string(), let position = r.position() else { return nil }
          return StepScript(source: source, position: position)
        }),
        let view = r.optional({ $0.string().flatMap(LessonView.init(rawValue:)) }),
        let autoAdvance = r.optional({ $0.string().flatMap { UInt64($0, radix: 16) }.map(Double.init(bitPattern:)) })
      else { return nil }
      return LessonMeta(
        id: id, idPosition: idPosition, title: title, order: order, summary: summary, minutes: minutes,
        setup: setup, view: view, autoAdvance: autoAdvance)
    }
  }

  mutating func entry() -> (name: String, entry: LessonHeadCache.Entry)? {
    guard let name = string() else { return nil }
    var numbers: [Int64] = []
    for _ in 0..<6 {
      guard let n = int() else { return nil }
      numbers.append(Int64(n))
    }
    let stamp = FileStamp(
      size: numbers[0], modified: numbers[1], modifiedNanoseconds: numbers[2], changed: numbers[3],
      changedNanoseconds: numbers[4], inode: numbers[5])
    guard let meta = meta(), let count = int(), count >= 0 else { return nil }
    var diagnostics: [LessonDiagnostic] = []
    for _ in 0..<count {
      guard let severity = string().flatMap(LessonDiagnostic.Severity.init(rawValue:)), let message = string(),
        let position = position()
      else { return nil }
      diagnostics.append(LessonDiagnostic(position: position, severity: severity, message: message))
    }
    return (name, LessonHeadCache.Entry(stamp: stamp, head: LessonHead(meta: meta, diagnostics: diagnostics)))
  }
}
