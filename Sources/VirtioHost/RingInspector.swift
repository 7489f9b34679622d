import VirtioCore

/// Reads a QEMU guest's virtqueues: QMP `x-query-virtio` and `x-query-virtio-queue-status` for where the rings are
/// and QEMU's indices, guest RAM for the rings themselves, decoded and validated by the engine's ``SplitDevice``
/// (so a malformed ring gets the lessons' named errors), and `x-query-virtio-queue-element` to compare chains
/// (QEMU 7.2 lists an element's descriptors in reverse chain order).
public enum RingInspector {
  /// Every queue of every virtio device QEMU reports.
  public static func inspect(qmp: some QMPSource, memory: GuestMemory) throws(VhostUserError) -> [QueueReport] {
    guard let devices = try qmp.execute("x-query-virtio", [:]) as? [[String: Any]] else {
      throw VhostUserError(.badPayload, "x-query-virtio did not return a list")
    }
    var reports: [QueueReport] = []
    for d in devices {
      guard let path = d["path"] as? String else { continue }
      let name = d["name"] as? String ?? path
      let status = try qmp.object("x-query-virtio-status", ["path": path])
      let features = guestFeatures(status)
      for queue in 0..<64 {
        guard let q = try? qmp.object("x-query-virtio-queue-status", ["path": path, "queue": queue]) else { break }
        guard let desc = number(q["vring-desc"]), desc != 0 else { continue }
        reports.append(try report(name: name, path: path, queue: queue, status: q, features: features, memory: memory, qmp: qmp))
      }
    }
    return reports
  }

  static func number(_ value: Any?) -> UInt64? {
    if let n = value as? Int { return UInt64(exactly: n) }
    if let n = value as? UInt64 { return n }
    if let n = value as? Double { return UInt64(exactly: n) }
    return nil
  }

  /// The transport feature bits from `guest-features` (names are unreliable in 7.2; the bits are what matter).
  static func guestFeatures(_ status: [String: Any]) -> VirtioFeatures {
    guard let g = status["guest-features"] as? [String: Any], let transports = g["transports"] as? [String] else { return [] }
    var f: VirtioFeatures = []
    for t in transports {
      if t.contains("EVENT_IDX") { f.insert(.eventIdx) }
      if t.contains("INDIRECT_DESC") { f.insert(.indirectDesc) }
      if t.contains("VERSION_1") { f.insert(.version1) }
    }
    return f
  }

  static func report(
    name: String, path: String, queue: Int, status q: [String: Any], features: VirtioFeatures, memory: GuestMemory, qmp: some QMPSource
  ) throws(VhostUserError) -> QueueReport {
    func idx(_ key: String) -> UInt16 { UInt16(truncatingIfNeeded: number(q[key]) ?? 0) }
    let layout: SplitLayout
    do {
      layout = try SplitLayout(
        size: Int(number(q["vring-num"]) ?? 0), descriptorTable: number(q["vring-desc"]) ?? 0, availRing: number(q["vring-avail"]) ?? 0,
        usedRing: number(q["vring-used"]) ?? 0)
    } catch {
      throw VhostUserError(.badAddress, "\(name) queue \(queue): \(error)")
    }
    var r = QueueReport(
      device: name, path: path, queue: queue, layout: layout, features: features, qemuLastAvail: idx("last-avail-idx"),
      qemuShadowAvail: idx("shadow-avail-idx"), qemuUsedIdx: idx("used-idx"), qemuInUse: Int(number(q["inuse"]) ?? 0),
      availFlags: 0, availIdx: 0, usedFlags: 0, usedIdx: 0, chains: [], checks: [])
    do {
      r.availFlags = try memory.load(at: layout.availFlags)
      r.availIdx = try memory.load(at: layout.availIdx)
      r.usedFlags = try memory.load(at: layout.usedFlags)
      r.usedIdx = try memory.load(at: layout.usedIdx)
      if features.contains(.eventIdx) {
        r.usedEvent = try memory.load(at: layout.usedEvent)
        r.availEvent = try memory.load(at: layout.availEvent)
      }
    } catch {
      r.checks.append(.init(name: "rings inside guest RAM", ok: false, detail: error.description))
      return r
    }
    r.checks.append(check("avail.idx == shadow-avail-idx", r.availIdx, r.qemuShadowAvail))
    r.checks.append(check("used.idx == used-idx", r.usedIdx, r.qemuUsedIdx))
    r.checks.append(check("inuse == last-avail-idx - used-idx", r.qemuInUse, Int(r.qemuLastAvail &- r.qemuUsedIdx)))
    // Chains in use by QEMU (used-idx ..< last-avail-idx) and those not yet taken (last-avail-idx ..< avail.idx).
    let first = r.qemuUsedIdx
    let count = min(Int(r.availIdx &- first), layout.size)
    for k in 0..<count {
      let position = first &+ UInt16(k)
      var chain = decode(position: position, layout: layout, features: features, memory: memory)
      if chain.error == nil, let c = chain.chain, let element = try? qmp.object("x-query-virtio-queue-element", ["path": r.path, "queue": queue, "index": Int(position)]) {
        r.checks.append(compare(element, c, position: position))
      }
      if chain.error != nil { chain.chain = nil }
      r.chains.append(chain)
    }
    return r
  }

  /// The engine's device, resumed at `position`, pops and validates the chain there. EVENT_IDX is left out so
  /// the device writes nothing into the (read-only) guest RAM.
  static func decode(position: UInt16, layout: SplitLayout, features: VirtioFeatures, memory: GuestMemory) -> QueueReport.Chain {
    var device = SplitDevice(layout: layout, features: features.subtracting(.eventIdx), lastAvailIdx: position, usedIdx: 0)
    var trace = Trace(enabled: false)
    var memory = memory
    let head: UInt16 = (try? memory.load(at: layout.availEntry(layout.slot(position)))) ?? 0
    do {
      let chain = try device.pop(memory: &memory, trace: &trace)
      return QueueReport.Chain(position: position, head: head, chain: chain, error: nil)
    } catch {
      return QueueReport.Chain(position: position, head: head, chain: nil, error: error)
    }
  }

  static func compare(_ element: [String: Any], _ chain: DescriptorChain, position: UInt16) -> QueueReport.Check {
    let descs = (element["descs"] as? [[String: Any]] ?? []).reversed()  // QEMU 7.2 prepends
    let theirs = descs.map { "\(hex(number($0["addr"]) ?? 0))+\(number($0["len"]) ?? 0)\(($0["flags"] as? [String] ?? []).contains("write") ? "w" : "r")" }
    let ours = chain.buffers.map { "\(hex($0.address))+\($0.length)\($0.isWritable ? "w" : "r")" }
    let headOK = number(element["index"]) == UInt64(chain.head)
    return QueueReport.Check(
      name: "element at avail position \(position): head and buffers == QEMU's (reversed) descs", ok: headOK && theirs == ours,
      detail: "head \(chain.head) vs \(number(element["index"]) ?? 0); \(ours.joined(separator: " ")) vs \(theirs.joined(separator: " "))")
  }

  static func check<T: Equatable>(_ name: String, _ ours: T, _ theirs: T) -> QueueReport.Check {
    QueueReport.Check(name: name, ok: ours == theirs, detail: "\(ours) vs \(theirs)")
  }
}
