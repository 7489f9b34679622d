import Foundation
import VirtioCore
import VirtioHost

/// `inspect`'s output: text for people, JSON for tools (one object per queue).
enum InspectReportFormat {
  static func text(_ reports: [QueueReport]) -> String {
    var out = ""
    for r in reports {
      let l = r.layout
      out += "== \(r.device) \(r.path) queue \(r.queue): size \(l.size), features \(r.features)\n"
      out += "   desc \(hex(l.descriptorTable)) avail \(hex(l.availRing)) used \(hex(l.usedRing))\n"
      out += "   QEMU: last_avail_idx \(r.qemuLastAvail), shadow_avail_idx \(r.qemuShadowAvail), used_idx \(r.qemuUsedIdx), inuse \(r.qemuInUse)\n"
      out += "   RAM:  avail.flags \(r.availFlags) avail.idx \(r.availIdx), used.flags \(r.usedFlags) used.idx \(r.usedIdx)"
      if let u = r.usedEvent, let a = r.availEvent { out += ", used_event \(u), avail_event \(a)" }
      out += "\n"
      for c in r.chains {
        out += "   avail.ring[\(l.slot(c.position))] (idx \(c.position)) head \(c.head): "
        if let e = c.error {
          out += "error \(e.kind.rawValue): \(e.message)\n"
        } else if let chain = c.chain {
          out += chain.buffers.map { "\(hex($0.address))+\($0.length) \($0.isWritable ? "WRITE" : "READ")" }.joined(separator: ", ")
          if let t = chain.indirectTable { out += " (indirect table \(hex(t.address)), \(t.count) entries)" }
          out += "\n"
        }
      }
      for c in r.checks { out += "   [\(c.ok ? "OK" : "MISMATCH")] \(c.name): \(c.detail)\n" }
    }
    let bad = reports.filter { !$0.isConsistent }.count
    out += bad == 0 ? "all \(reports.count) queues consistent\n" : "\(bad) of \(reports.count) queues inconsistent\n"
    return out
  }

  static func json(_ reports: [QueueReport]) -> String {
    reports.map { r -> String in
      var o: [String: Any] = [
        "device": r.device, "path": r.path, "queue": r.queue, "size": r.layout.size, "features": r.features.names,
        "desc": r.layout.descriptorTable, "avail": r.layout.availRing, "used": r.layout.usedRing,
        "qemu": ["last_avail_idx": r.qemuLastAvail, "shadow_avail_idx": r.qemuShadowAvail, "used_idx": r.qemuUsedIdx, "inuse": r.qemuInUse],
        "ram": ["avail_flags": r.availFlags, "avail_idx": r.availIdx, "used_flags": r.usedFlags, "used_idx": r.usedIdx],
        "consistent": r.isConsistent,
        "checks": r.checks.map { ["name": $0.name, "ok": $0.ok, "detail": $0.detail] },
      ]
      o["chains"] = r.chains.map { c -> [String: Any] in
        var j: [String: Any] = ["position": c.position, "head": c.head]
        if let e = c.error { j["error"] = e.kind.rawValue; j["message"] = e.message }
        if let chain = c.chain {
          j["buffers"] = chain.buffers.map { ["addr": $0.address, "len": $0.length, "write": $0.isWritable] }
          if let t = chain.indirectTable { j["indirect"] = ["addr": t.address, "count": t.count] }
        }
        return j
      }
      return TraceJSON.line(o) + "\n"
    }.joined()
  }
}
