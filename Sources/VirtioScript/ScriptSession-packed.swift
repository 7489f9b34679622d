import VirtioCore

/// The script language on a packed queue: the same commands, the packed engine underneath.
extension ScriptSession {
  mutating func startPackedQueue(_ setup: QueueSetup, line: Int) {
    splitBeforePacked = queue
    queue = nil
    packedQueue = nil
    let configuration = PackedVirtqueue.Configuration(
      size: setup.size, offered: setup.offered ?? setup.features.union([.version1, .ringPacked]), memorySize: setup.memorySize,
      tracing: tracing)
    do {
      var q = try PackedVirtqueue(configuration)
      if journaling { q.memory.startJournal() }
      q.setIndirectPolicy(setup.indirectPolicy)
      if setup.autoInit { try q.initialize(accepting: setup.features.union([.version1, .ringPacked])) }
      packedQueue = q
      lastError = nil
    } catch {
      let located = LocatedError(error: error, line: line)
      lastError = located
      unclaimedErrors.append(located)
    }
  }

  mutating func applyPacked(_ command: ScriptCommand) throws(VirtqueueError) {
    switch command {
    case .driverStatus(let bits): try packedQueue!.writeStatus(bits)
    case .driverFeatures(let features): try packedQueue!.acceptFeatures(features)
    case .driverInit(let features): try packedQueue!.initialize(accepting: features ?? packedQueue!.registers.deviceFeatures)
    case .driverAdd(let readable, let writable, let policy):
      if let policy { packedQueue!.setIndirectPolicy(policy) }
      lastHead = try packedQueue!.add(readable: readable, writable: writable)
    case .driverPublish: try packedQueue!.publish()
    case .driverKick: try packedQueue!.kick()
    case .driverReclaim: lastReclaimed = try packedQueue!.reclaim()
    case .driverInterrupts(let on): try packedQueue!.setInterrupts(enabled: on)
    case .devicePop: try packedQueue!.pop()
    case .deviceRead: _ = try packedQueue!.readInFlight()
    case .devicePush(let length, let data): try pushPacked(length: length, data: data)
    case .devicePushBatch(let count, let length, let data): try pushPackedBatch(count: count, length: length, data: data)
    case .deviceInterrupt: try packedQueue!.interrupt()
    case .deviceNotifications(let on): try packedQueue!.setNotifications(enabled: on)
    case .deviceStrict(let on): packedQueue!.setStrictFeatures(on)
    case .poke(let field, let value): try packedQueue!.poke(field, value)
    case .queue, .expect, .flow, .note: break
    }
  }

  private mutating func pushPacked(length: UInt32?, data: PushData) throws(VirtqueueError) {
    guard let (len, bytes) = try packedPushArguments(length: length, data: data) else { return }
    try packedQueue!.push(length: len, data: bytes)
  }

  /// `device push count=N` on a packed queue: fill the N oldest chains, then one flush (the batch's first used
  /// descriptor written last).
  private mutating func pushPackedBatch(count: Int, length: UInt32?, data: PushData) throws(VirtqueueError) {
    var filled = 0
    while filled < count, let (len, bytes) = try packedPushArguments(length: length, data: data, quiet: filled > 0) {
      try packedQueue!.fill(length: len, data: bytes)
      filled += 1
    }
    if filled > 0 && filled < count {
      packedQueue!.trace.record(TraceEntry(role: .device, kind: .note, detail: "only \(filled) of \(count) chains were in flight"))
    }
    try packedQueue!.flush()
  }

  private mutating func packedPushArguments(length: UInt32?, data: PushData, quiet: Bool = false) throws(VirtqueueError) -> (UInt32, [UInt8]?)? {
    guard let chain = packedQueue!.device.oldestInFlight else {
      if !quiet { packedQueue!.trace.record(TraceEntry(role: .device, kind: .note, detail: "nothing in flight to push")) }
      return nil
    }
    let bytes: [UInt8]?
    switch data {
    case .pattern: bytes = nil
    case .bytes(let b): bytes = b
    case .increment:
      let input = try packedQueue!.readInFlight()
      var value: UInt32 = 0
      for (i, byte) in input.prefix(4).enumerated() { value |= UInt32(byte) << (8 * UInt32(i)) }
      bytes = withUnsafeBytes(of: (value &+ 1).littleEndian) { Array($0) }
    }
    let len = length ?? UInt32(clamping: bytes?.count ?? Int(clamping: chain.writableLength))
    return (len, bytes)
  }

  func evaluatePacked(_ quantity: ScriptQuantity, _ q: PackedVirtqueue, memory view: GuestMemoryView?) -> Result<ScriptValue, ScriptEvaluationError> {
    switch quantity {
    case .field(let field):
      do {
        let n = try q.value(of: field, in: view)
        let packed = PackedVirtqueue.packedField(field)
        switch packed {
        case .descriptor(_, .flags)?, .indirect(_, _, .flags)?, .driverEvent(.flags)?, .deviceEvent(.flags)?:
          return .success(.bits(n, PackedFieldFormat.value(n, of: packed!)))
        default:
          return .success(.number(n))
        }
      } catch {
        return .failure(.init(error.message))
      }
    case .address(let field):
      do {
        return .success(.number(try q.location(of: field).address))
      } catch {
        return .failure(.init(error.message))
      }
    case .status: return .success(.bits(UInt64(q.registers.status.rawValue), q.registers.status.description))
    case .features: return .success(.bits(q.negotiated.rawValue, q.negotiated.description))
    case .counter(let name):
      guard let n = packedCounter(name, q) else { return .failure(.init("\(name) has no value on a packed queue")) }
      return .success(.number(n))
    case .error, .flow: return .failure(.init("unreachable"))
    }
  }

  private func packedCounter(_ name: String, _ q: PackedVirtqueue) -> UInt64? {
    let c = q.counters
    func bit(_ b: Bool) -> UInt64 { b ? 1 : 0 }
    switch name {
    case "kicks": return UInt64(c.kicks)
    case "kicks_suppressed": return UInt64(c.kicksSuppressed)
    case "interrupts": return UInt64(c.interrupts)
    case "interrupts_suppressed": return UInt64(c.interruptsSuppressed)
    case "added": return UInt64(c.chainsAdded)
    case "popped": return UInt64(c.chainsPopped)
    case "pushed": return UInt64(c.chainsPushed)
    case "reclaimed": return UInt64(c.chainsReclaimed)
    case "spurious": return UInt64(c.spuriousNotifications)
    case "free": return UInt64(q.driver.numFree)
    case "in_flight": return UInt64(q.device.inFlightCount)
    case "outstanding": return UInt64(q.driver.outstandingCount)
    case "last_avail_idx": return UInt64(q.device.lastAvailIdx)
    case "last_used_idx": return UInt64(q.driver.lastUsedIdx)
    case "driver.wrap": return bit(q.driver.availWrapCounter)
    case "device.wrap": return bit(q.device.availWrapCounter)
    case "driver.used_wrap": return bit(q.driver.usedWrapCounter)
    case "device.used_wrap": return bit(q.device.usedWrapCounter)
    case "head": return lastHead.map(UInt64.init)
    case "reclaimed.len": return lastReclaimed.last.map { UInt64($0.length) }
    case "reclaimed.le32":
      guard let bytes = lastReclaimed.last?.written, bytes.count >= 4 else { return nil }
      return bytes.prefix(4).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    default: return nil
    }
  }
}
