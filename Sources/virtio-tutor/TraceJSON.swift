import Foundation
import TutorUI
import VirtioCore
import VirtioScript

/// The JSON form of a script run: `{"queue": {...}, "events": [...], "error": null | {...}, ...}`.
enum TraceJSON {
  /// The whole document for a session that kept its trace (what `trace` streams, in one string).
  static func document(session: ScriptSession, outcome: ScriptSession.Outcome) -> String {
    let events = session.traceEntries.map { "\n    " + eventText($0) }.joined(separator: ",")
    return opening + events + closing(session: session, outcome: outcome)
  }

  /// The opening of the streamed document: `{"events": [`; events follow one per line, then ``closing``.
  static let opening = "{\n  \"events\": ["

  /// One event as a JSON object, keys in a fixed order.
  static func eventText(_ e: TraceEntry) -> String {
    var o = JSONText()
    o.open()
    o.number("seq", e.sequence)
    o.string("role", e.role.rawValue)
    o.string("kind", e.kind.rawValue)
    o.string("detail", e.detail)
    if let f = e.field { o.string("field", f.description) }
    if let a = e.address { o.number("addr", a) }
    if let l = e.length { o.number("len", l) }
    if let v = e.value { o.number("value", v) }
    if let old = e.oldValue { o.number("old", old) }
    if let k = e.error { o.string("error", k.rawValue) }
    o.close()
    return o.text
  }

  /// The rest of the document once the script has run: the queue, the error, the outcome, flows, the failure and
  /// the counters (the same fields as before, after the events).
  static func closing(session: ScriptSession, outcome: ScriptSession.Outcome) -> String {
    var root: [(String, Any)] = [
      ("queue", session.queue.map(queue) ?? session.packedQueue.map(packedQueue) ?? NSNull()),
      ("error", session.lastError.map(error) ?? NSNull()),
      ("outcome", outcomeName(outcome)),
    ]
    if !session.flowHistory.isEmpty {
      root.append(("flows", session.flowHistory.compactMap { run in
        (try? JSONEncoder().encode(run.json)).flatMap { try? JSONSerialization.jsonObject(with: $0) }
      }))
    }
    if case .failed(let failure) = outcome {
      root.append(("failure", ["kind": failure.kind.rawValue, "message": failure.message, "line": failure.line, "column": failure.column]))
    }
    if let c = session.queue?.counters ?? session.packedQueue?.counters {
      root.append(("counters", [
        "kicks": c.kicks, "kicks_suppressed": c.kicksSuppressed, "interrupts": c.interrupts,
        "interrupts_suppressed": c.interruptsSuppressed, "added": c.chainsAdded, "popped": c.chainsPopped,
        "pushed": c.chainsPushed, "reclaimed": c.chainsReclaimed, "spurious": c.spuriousNotifications,
      ]))
    }
    var o = JSONText()
    for (key, value) in root { o.raw(key, fragment(value)) }
    return "\n  ],\n  " + o.text + "\n}"
  }

  /// A small value as compact JSON text.
  static func fragment(_ value: Any) -> String {
    if value is NSNull { return "null" }
    if let string = value as? String { return JSONString.quoted(string) }
    guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]) else {
      return "null"
    }
    return String(decoding: data, as: UTF8.self)
  }

  static func serialize(_ object: Any) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]) else {
      return "{}"
    }
    return String(decoding: data, as: UTF8.self)
  }

  /// One compact JSON object on a single line (for JSON-lines output).
  static func line(_ object: [String: Any]) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
      return "{}"
    }
    return String(decoding: data, as: UTF8.self)
  }

  static func queue(_ q: Virtqueue) -> [String: Any] {
    [
      "format": "split", "size": q.layout.size, "layout": q.layout.kind.rawValue, "desc": q.layout.descriptorTable,
      "avail": q.layout.availRing, "used": q.layout.usedRing, "memory_size": q.memory.size,
      "features": q.negotiated.names, "status": Int(q.registers.status.rawValue),
      "status_names": q.registers.status.description,
    ]
  }

  /// A packed queue: the ring and both event structures as guest-physical addresses.
  static func packedQueue(_ q: PackedVirtqueue) -> [String: Any] {
    [
      "format": "packed", "size": q.layout.size, "desc": q.layout.descriptorRing, "driver_event": q.layout.driverEvent,
      "device_event": q.layout.deviceEvent, "memory_size": q.memory.size, "features": q.negotiated.names,
      "status": Int(q.registers.status.rawValue), "status_names": q.registers.status.description,
    ]
  }

  static func error(_ located: ScriptSession.LocatedError) -> [String: Any] {
    ["kind": located.error.kind.rawValue, "message": located.error.message, "line": located.line]
  }

  static func outcomeName(_ outcome: ScriptSession.Outcome) -> String {
    switch outcome {
    case .completed: return "completed"
    case .failed(let f): return f.kind == .expectation ? "expectation-failed" : "script-error"
    case .unexpectedError: return "unexpected-error"
    }
  }
}
