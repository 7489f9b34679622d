import VirtioScript

/// Tab completion for the sandbox: command words, their sub-commands, argument keys, and ring field and quantity
/// names for `poke` and `expect`.
public enum SandboxCompletion {
  static let commands = ["queue", "driver", "device", "poke", "expect", "note", "flow", ":save", ":quit"]
  static let driver = ["status", "features", "init", "add", "publish", "kick", "reclaim", "interrupts"]
  static let device = ["pop", "read", "push", "interrupt", "notifications"]
  static let fields = [
    "desc[0].addr", "desc[0].len", "desc[0].flags", "desc[0].next", "avail.flags", "avail.idx", "avail.ring[0]",
    "avail.used_event", "used.flags", "used.idx", "used.ring[0].id", "used.ring[0].len", "used.avail_event",
  ]
  /// The packed ring's fields (VIRTIO 1.2 §2.8), offered when the sandbox's queue is packed.
  static let packedFields = [
    "desc[0].addr", "desc[0].len", "desc[0].id", "desc[0].flags", "driver_event.off_wrap", "driver_event.flags",
    "device_event.off_wrap", "device_event.flags",
  ]
  static let arguments = [
    "queue": ["size=", "layout=", "features=", "offer=", "memory=", "init=", "indirect="],
    "add": ["out=", "in=", "data=", "le32=", "text=", "indirect="], "push": ["len=", "data=", "le32=", "increment"],
    "interrupts": ["on", "off"], "notifications": ["on", "off"],
  ]

  /// The words that may follow `words` (the complete words before the one being typed).
  static func options(after words: [String], packed: Bool = false) -> [String] {
    let fields = packed ? packedFields : fields
    switch words.count {
    case 0: return commands
    case 1:
      switch words[0] {
      case "driver": return driver
      case "device": return device
      case "poke": return fields.map { $0 + "=" }
      case "expect": return fields + ["&used.idx", "error", "status", "features"] + ScriptQuantity.counterNames
      case "queue": return arguments["queue"]!
      default: return []
      }
    default:
      if words[0] == "expect" && words.count == 2 { return ["==", "!=", "<", "<=", ">", ">=", "has"] }
      return arguments[words[1]] ?? arguments[words[0]] ?? []
    }
  }

  /// Completes the last word of `line`: the longest common prefix of the matches (plus a space when only one
  /// matches and it is a whole word), and the matches when there are several.
  public static func complete(_ line: String, packed: Bool = false) -> (line: String, candidates: [String]) {
    let endsWithSpace = line.last == " " || line.isEmpty
    var words = line.split(separator: " ").map(String.init)
    let partial = endsWithSpace ? "" : (words.popLast() ?? "")
    let matches = options(after: words, packed: packed).filter { $0.hasPrefix(partial) }
    guard !matches.isEmpty else { return (line, []) }
    let common = matches.dropFirst().reduce(matches[0]) { prefix, word in String(zip(prefix, word).prefix { $0 == $1 }.map(\.0)) }
    let head = words.isEmpty ? "" : words.joined(separator: " ") + " "
    if matches.count == 1 {
      let word = matches[0]
      return (head + word + (word.hasSuffix("=") || word.hasSuffix("[") ? "" : " "), [])
    }
    return (head + common, matches)
  }
}
