import VirtioCore
import VirtioFlows

/// One trace entry as one sentence a screen reader can say: who acts, what they do, on which field, with which
/// value (`the driver writes desc[0].len = 32`), built from the entry's structured values (role, kind, field,
/// value, old value and ``TraceNote``), never by rewording the event log's terse text.
public enum EventSentence {
  /// The sentence for `entry`, ending with a full stop.
  public static func sentence(_ entry: TraceEntry) -> String {
    let who = "the \(entry.role.rawValue)"
    let other = entry.role == .driver ? "the device" : "the driver"
    let v = entry.value ?? 0
    let old = entry.oldValue ?? 0
    let body: String
    switch entry.note {
    case .fieldWrite:
      body = entry.field.map { field in
        "\(who) \(entry.kind == .poke ? "pokes" : "writes") \(field) = \(FieldFormat.value(v, of: field))"
          + (entry.kind == .poke ? " (it was \(FieldFormat.value(old, of: field)))" : "")
      } ?? "\(who) writes"
    case .fieldRead:
      body = entry.field.map { "\(who) reads \($0) and finds \(FieldFormat.value(v, of: $0))" } ?? "\(who) reads"
    case .barrier(let barrier):
      body = "\(who) issues the barrier \(barrier.sentence)"
    case .index(let name):
      body = "\(who) moves its \(name) from \(old) to \(v)"
    case .chainAdded(let readable, let writable, let indirect, let slot, let numFree):
      body = "\(who) adds a chain with head \(v): \(count(readable, "readable buffer")) and "
        + "\(count(writable, "writable buffer"))\(indirect ? " in an indirect table" : ""), "
        + "and puts it in avail.ring[\(slot)]; \(count(numFree, "descriptor")) free"
    case .published:
      let added = UInt16(truncatingIfNeeded: v) &- UInt16(truncatingIfNeeded: old)
      body = "\(who) publishes avail.idx \(v) (it was \(old)): \(count(Int(added), "chain")) now visible to the device"
    case .kick(let decision):
      body = entry.kind == .kick
        ? "\(who) notifies \(other), because \(decision.reason)"
        : "\(who) does not notify \(other), because \(decision.reason)"
    case .popped(let buffers, let readable, let writable, let indirect):
      body = "\(who) takes chain \(v): \(count(buffers, "buffer")), \(count(Int(clamping: readable), "byte")) to read and \(writable) to "
        + "write\(indirect ? ", through an indirect table" : "")"
    case .pushed(let slot, let id, let length):
      body = "\(who) returns chain \(id) with len \(length) in used.ring[\(slot)], and used.idx goes from \(old) to \(v)"
    case .interrupt(let decision):
      body = entry.kind == .interrupt
        ? "\(who) interrupts \(other), because \(decision.reason)"
        : "\(who) does not interrupt \(other), because \(decision.reason)"
    case .reclaimed(let length, let numFree):
      body = "\(who) takes back chain \(v), \(count(Int(clamping: length), "byte")) written; \(count(numFree, "descriptor")) free"
    case .bufferFilled:
      body = "\(who) fills a \(entry.length ?? 0)-byte buffer at \(hex(entry.address ?? 0))"
    case .bufferRead:
      body = "\(who) reads \(count(entry.length ?? 0, "byte")) of the buffer at \(hex(entry.address ?? 0))"
    case .bufferWritten:
      body = "\(who) writes \(count(entry.length ?? 0, "byte")) into the buffer at \(hex(entry.address ?? 0))"
    case .text(let text):
      body = textSentence(entry, who: who, text: text)
    case .packed:  // packed-ring entries say what their text says, as when they carried it
      body = textSentence(entry, who: who, text: entry.detail)
    }
    return finished(body)
  }

  /// The sentence for flow step `index` (0-based) of `count`.
  public static func sentence(_ step: FlowStep, index: Int, count: Int) -> String {
    finished("Flow step \(index + 1) of \(count), \(step.actor.displayName): \(step.summary)")
  }

  /// Entries whose note is free text (status, features, resets, errors, pokes of packed fields, notes).
  static func textSentence(_ entry: TraceEntry, who: String, text: String) -> String {
    switch entry.kind {
    case .error:
      let name = entry.error.map { " \($0.rawValue)" } ?? ""
      let reported = entry.error.map { ". Reported by \($0.reportedBy)" } ?? ""
      return "\(who) reports the error\(name): \(stripped(text))\(reported)"
    case .poke:
      guard let field = entry.field else { return "\(who) pokes: \(text)" }
      return "\(who) pokes \(field) = \(FieldFormat.value(entry.value ?? 0, of: field))"
        + " (it was \(FieldFormat.value(entry.oldValue ?? 0, of: field)))"
    default:
      // The engine's own sentences start with the actor ("device reset: …", "driver accepts …").
      let role = entry.role.rawValue
      if text.hasPrefix(role + " ") { return "the " + text }
      return "\(who): \(text)"
    }
  }

  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  static func stripped(_ text: String) -> String {
    var t = Substring(text)
    while let last = t.last, last == "." { t.removeLast() }
    return String(t)
  }

  /// Capitalised, with a full stop.
  static func finished(_ body: String) -> String {
    let text = stripped(body)
    guard let first = text.first else { return "" }
    return first.uppercased() + text.dropFirst() + "."
  }
}
