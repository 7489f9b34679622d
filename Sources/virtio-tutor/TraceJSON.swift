import Foundation
import VirtioCore
import VirtioScript

/// The JSON form of a script run: `{"queue": {...}, "events": [...], "error": null | {...}, ...}`.
enum TraceJSON {
  static func document(session: ScriptSession, outcome: ScriptSession.Outcome) -> String {
    var root: [String: Any] = [
      "queue": session.queue.map(queue) ?? session.packedQueue.map(packedQueue) ?? NSNull(),
      "events": session.traceEntries.map(event),
      "error": session.lastError.map(error) ?? NSNull(),
      "outcome": outcomeName(outcome),
    ]
    if !session.flowHistory.isEmpty {
      root["flows"] = session.flowHistory.compactMap { run in
        (try? JSONEncoder().encode(run.json)).flatMap { try? JSONSerialization.jsonObject(with: $0) }
      }
    }
    if case .failed(let failure) = outcome {
      root["failure"] = ["kind": failure.kind.rawValue, "message": failure.message, "line": failure.line, "column": failure.column]
    }
    if let c = session.queue?.counters ?? session.packedQueue?.counters {
      root["counters"] = [
        "kicks": c.kicks, "kicks_suppressed": c.kicksSuppressed, "interrupts": c.interrupts,
        "interrupts_suppressed": c.interruptsSuppressed, "added": c.chainsAdded, "popped": c.chainsPopped,
        "pushed": c.chainsPushed, "reclaimed": c.chainsReclaimed, "spurious": c.spuriousNotifications,
      ]
    }
    return serialize(root)
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

  static func event(_ e: TraceEntry) -> [String: Any] {
    var d: [String: Any] = ["seq": e.sequence, "role": e.role.rawValue, "kind": e.kind.rawValue, "detail": e.detail]
    if let f = e.field { d["field"] = f.description }
    if let a = e.address { d["addr"] = a }
    if let l = e.length { d["len"] = l }
    if let v = e.value { d["value"] = v }
    if let o = e.oldValue { d["old"] = o }
    if let k = e.error { d["error"] = k.rawValue }
    return d
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
