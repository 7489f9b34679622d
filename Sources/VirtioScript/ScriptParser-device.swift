import VirtioCore

extension LineContext {
  mutating func deviceCommand() throws(ScriptFailure) -> ScriptCommand {
    guard tokens.count > 1 else { throw fail("device needs an action: pop, read, push, interrupt, notifications, strict=on|off", at: tokens[0]) }
    let verb = tokens[1]
    if let (key, value, column) = verb.keyValue, key.lowercased() == "strict" {
      try noMoreTokens(after: 1)
      guard let strict = Self.onOff(value) else {
        throw fail("expected strict=on or strict=off, found '\(value)'", column: column)
      }
      return .deviceStrict(strict)
    }
    switch verb.text.lowercased() {
    case "pop": try noMoreTokens(after: 1); return .devicePop
    case "read": try noMoreTokens(after: 1); return .deviceRead
    case "push": return try devicePush()
    case "interrupt": try noMoreTokens(after: 1); return .deviceInterrupt
    case "notifications": return .deviceNotifications(try onOff(2, what: "device notifications"))
    default:
      throw fail("unknown device action '\(verb.text)'" + hint(verb.text, ["pop", "read", "push", "interrupt", "notifications", "strict"]), at: verb)
    }
  }

  func devicePush() throws(ScriptFailure) -> ScriptCommand {
    var rest = Array(tokens.dropFirst(2))
    var data = PushData.pattern
    if let i = rest.firstIndex(where: { $0.text.lowercased() == "increment" }) {
      data = .increment
      rest.remove(at: i)
    }
    let context = LineContext(parser: parser, line: line, tokens: Array(tokens.prefix(2)) + rest)
    let args = try context.arguments(after: 2, allowed: ["len", "data", "le32", "count"])
    var length: UInt32?
    if let (text, column) = args["len"] {
      guard let n = ScriptNumber.parseSize(text), n <= UInt64(UInt32.max) else {
        throw fail("len must be a 32-bit number, found '\(text)'", column: column)
      }
      length = UInt32(n)
    }
    if let bytes = try contentBytes(args) {
      guard data != .increment else { throw fail("increment already says what to write; drop data=", at: tokens[1]) }
      data = .bytes(bytes)
    }
    if let (text, column) = args["count"] {
      guard let n = ScriptNumber.parse(text), (1...UInt64(PackedLayout.maximumSize)).contains(n) else {
        throw fail("count must be a number of chains from 1 to 32768, found '\(text)'", column: column)
      }
      return .devicePushBatch(count: Int(n), length: length, data: data)
    }
    return .devicePush(length: length, data: data)
  }

  func poke() throws(ScriptFailure) -> ScriptCommand {
    guard tokens.count == 2, let (key, value, valueColumn) = tokens[1].keyValue else {
      throw fail("poke needs FIELD=VALUE, e.g. poke desc[2].next=9", at: tokens[0])
    }
    guard let field = RingField(parsing: key) ?? Self.indirectField(key), !isBuffer(field) else {
      throw fail("unknown ring field '\(key)'; fields look like desc[2].next, avail.idx, avail.ring[0], used.ring[1].len, used_event, avail_event", at: tokens[1])
    }
    if let n = ScriptNumber.parse(value) { return .poke(field, n) }
    guard let n = PackedNames.value(value, for: field) else {
      throw fail("poke value must be a number or flag names, found '\(value)'", column: valueColumn)
    }
    return .poke(field, n)
  }

  /// An entry of an indirect descriptor table, spelled as ``RingField``'s description: `indirect@0xTABLE[i].part`
  /// (what a recorded run pokes for a table the driver wrote). The table's last entry must end below 2^64.
  static func indirectField(_ key: String) -> RingField? {
    let t = key.lowercased()
    guard t.hasPrefix("indirect@0x"), let open = t.firstIndex(of: "["), let close = t.firstIndex(of: "]"), open < close else { return nil }
    let start = t.index(t.startIndex, offsetBy: "indirect@0x".count)
    guard start < open, let table = UInt64(t[start..<open], radix: 16), let index = Int(t[t.index(after: open)..<close]),
      (0..<65536).contains(index), table <= UInt64.max - 16 * 65536
    else { return nil }
    let rest = t[t.index(after: close)...]
    guard rest.hasPrefix("."), let part = DescriptorPart(rawValue: String(rest.dropFirst())) else { return nil }
    return .indirect(table: table, index, part)
  }

  private func isBuffer(_ field: RingField) -> Bool {
    if case .buffer = field { return true }
    return false
  }

  func expectation() throws(ScriptFailure) -> Expectation {
    guard tokens.count == 4 else {
      throw fail("expect needs QUANTITY OP VALUE, e.g. expect avail.idx == 1", at: tokens[0])
    }
    let (lhs, op, rhs) = (tokens[1], tokens[2], tokens[3])
    guard let quantity = ScriptQuantity(parsing: lhs.text) else {
      throw fail("unknown quantity '\(lhs.text)'" + hint(lhs.text, ScriptQuantity.counterNames + ["error", "status", "features"]), at: lhs)
    }
    guard let comparison = Expectation.Comparison(rawValue: op.text.lowercased()) else {
      throw fail("unknown comparison '\(op.text)'; use ==, !=, <, <=, >, >= or has", at: op)
    }
    return Expectation(quantity: quantity, comparison: comparison, value: try value(rhs, for: quantity))
  }

  func value(_ token: ScriptToken, for quantity: ScriptQuantity) throws(ScriptFailure) -> ScriptValue {
    if let n = ScriptNumber.parse(token.text) { return .number(n) }
    switch quantity {
    case .error:
      let name = token.text.lowercased()
      guard name == "none" || VirtqueueError.Kind(rawValue: name) != nil else {
        throw fail("unknown error name '\(token.text)'" + hint(name, VirtqueueError.Kind.allCases.map(\.rawValue)), at: token)
      }
      return .name(name)
    case .status:
      var bits = DeviceStatus()
      for name in token.text.split(separator: "|") {
        guard let bit = DeviceStatus.named(String(name)) else { throw fail("unknown status bit '\(name)'", at: token) }
        bits.formUnion(bit)
      }
      return .bits(UInt64(bits.rawValue), bits.description)
    case .features:
      let set = try featureList(token.text, column: token.column)
      return .bits(set.rawValue, set.description)
    case .field(.descriptor(_, .flags)), .field(.indirect(_, _, .flags)):
      var flags = DescriptorFlags()
      for name in token.text.uppercased().split(separator: "|") {
        switch name {
        case "NEXT": flags.insert(.next)
        case "WRITE": flags.insert(.write)
        case "INDIRECT": flags.insert(.indirect)
        case "AVAIL", "USED": flags.formUnion(DescriptorFlags(rawValue: name == "AVAIL" ? 0x0080 : 0x8000))  // packed
        default: throw fail("unknown descriptor flag '\(name)'; use NEXT, WRITE, INDIRECT, AVAIL, USED or a number", at: token)
        }
      }
      return .bits(UInt64(flags.rawValue), flags.description)
    case .field(.packed(let f)):
      guard let n = PackedNames.value(token.text, for: .packed(f)) else {
        throw fail("unknown value '\(token.text)' for \(f); use a number, flag names NEXT WRITE INDIRECT AVAIL USED, or ENABLE DISABLE DESC", at: token)
      }
      return .bits(n, PackedFieldFormat.value(n, of: f))
    default:
      return .name(token.text)
    }
  }

  func flow() throws(ScriptFailure) -> ScriptCommand {
    guard tokens.count >= 2 else { throw fail("flow needs a name: emulated, assigned, virtio or increment", at: tokens[0]) }
    let name = tokens[1].text.lowercased()
    guard ScriptSession.flowNames.contains(name) else {
      throw fail("unknown flow '\(tokens[1].text)'" + hint(name, ScriptSession.flowNames) + "; known: " + ScriptSession.flowNames.joined(separator: ", "), at: tokens[1])
    }
    var arguments: [String: String] = [:]
    for token in tokens.dropFirst(2) {
      guard let (key, value, _) = token.keyValue else { throw fail("expected key=value, found '\(token.text)'", at: token) }
      arguments[key.lowercased()] = value
    }
    return .flow(name: name, arguments: arguments)
  }
}
