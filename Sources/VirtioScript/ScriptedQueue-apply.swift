import VirtioCore

/// What an engine command leaves for the session to remember (`head`, `reclaimed.len` and friends read it).
enum CommandOutcome {
  case none
  case added(head: UInt16)
  case reclaimed([UsedBuffer])
}

extension ScriptedQueue {
  /// Runs one engine command (a `driver …`, `device …` or `poke` line) on this queue, split or packed alike.
  mutating func apply(_ command: ScriptCommand) throws(VirtqueueError) -> CommandOutcome {
    switch command {
    case .driverStatus(let bits): try writeStatus(bits)
    case .driverFeatures(let features): try acceptFeatures(features)
    case .driverInit(let features): try initialize(accepting: features ?? registers.deviceFeatures)
    case .driverAdd(let readable, let writable, let policy):
      if let policy { setIndirectPolicy(policy) }
      return .added(head: try add(readable: readable, writable: writable))
    case .driverPublish: try publish()
    case .driverKick: try kick()
    case .driverReclaim: return .reclaimed(try reclaim())
    case .driverInterrupts(let on): try setInterrupts(enabled: on)
    case .devicePop: try pop()
    case .deviceRead: _ = try readInFlight()
    case .devicePush(let length, let data):
      if let (len, bytes) = try pushArguments(length: length, data: data) { try complete(length: len, data: bytes) }
    case .devicePushBatch(let count, let length, let data): try pushBatch(count: count, length: length, data: data)
    case .deviceInterrupt: try interrupt()
    case .deviceNotifications(let on): try setNotifications(enabled: on)
    case .deviceStrict(let on): setStrictFeatures(on)
    case .poke(let field, let value): try poke(field, value)
    case .queue, .expect, .flow, .note: break
    }
    return .none
  }

  /// `device push count=N`: fill the N oldest chains as `device push` would, then one flush (QEMU:
  /// `virtqueue_fill` per chain, one `virtqueue_flush`; on a packed ring the batch's first used descriptor last).
  private mutating func pushBatch(count: Int, length: UInt32?, data: PushData) throws(VirtqueueError) {
    var filled = 0
    while filled < count, let (len, bytes) = try pushArguments(length: length, data: data, quiet: filled > 0) {
      try fillOldest(length: len, data: bytes)
      filled += 1
    }
    if filled > 0 && filled < count {
      trace.record(TraceEntry(role: .device, kind: .note, detail: "only \(filled) of \(count) chains were in flight"))
    }
    try flush()
  }

  /// The length and bytes `device push` uses for the oldest chain in flight, or nil (with a trace note unless
  /// `quiet`) when nothing is in flight.
  private mutating func pushArguments(length: UInt32?, data: PushData, quiet: Bool = false) throws(VirtqueueError) -> (UInt32, [UInt8]?)? {
    guard let chain = oldestInFlightChain else {
      if !quiet { trace.record(TraceEntry(role: .device, kind: .note, detail: "nothing in flight to push")) }
      return nil
    }
    let bytes: [UInt8]?
    switch data {
    case .pattern: bytes = nil
    case .bytes(let b): bytes = b
    case .increment:
      let input = try readInFlight()
      var value: UInt32 = 0
      for (i, byte) in input.prefix(4).enumerated() { value |= UInt32(byte) << (8 * UInt32(i)) }
      bytes = withUnsafeBytes(of: (value &+ 1).littleEndian) { Array($0) }
    }
    let len = length ?? UInt32(clamping: bytes?.count ?? Int(clamping: chain.writableLength))
    return (len, bytes)
  }

  /// The current value of a quantity on this queue (errors and flows are the session's, not the queue's).
  func evaluate(_ quantity: ScriptQuantity, memory view: GuestMemoryView?, session: ScriptSession) -> Result<ScriptValue, ScriptEvaluationError> {
    switch quantity {
    case .field(let field):
      do {
        return .success(scriptValue(try value(of: field, in: view), of: field))
      } catch {
        return .failure(.init(error.message))
      }
    case .address(let field): return scriptAddress(of: field)
    case .status: return .success(.bits(UInt64(registers.status.rawValue), registers.status.description))
    case .features: return .success(.bits(negotiated.rawValue, negotiated.description))
    case .counter(let name):
      guard let n = counter(name, session: session) else { return .failure(.init("\(name) \(missingCounterReason)")) }
      return .success(.number(n))
    case .error, .flow: return .failure(.init("unreachable"))
    }
  }

  /// A counter by its script name: the engine's counters, this format's private indices, and what the session
  /// remembers of the last add and reclaim.
  private func counter(_ name: String, session: ScriptSession) -> UInt64? {
    let c = counters
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
    case "free": return UInt64(driver.numFree)
    case "in_flight": return UInt64(device.inFlightCount)
    case "outstanding": return UInt64(privateIndices.outstanding)
    case "last_avail_idx": return UInt64(privateIndices.lastAvailIdx)
    case "last_used_idx": return UInt64(privateIndices.lastUsedIdx)
    case "head": return session.lastHead.map(UInt64.init)
    case "reclaimed.len": return session.lastReclaimed.last.map { UInt64($0.length) }
    case "reclaimed.le32":
      guard let bytes = session.lastReclaimed.last?.written, bytes.count >= 4 else { return nil }
      return bytes.prefix(4).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    default: return formatCounter(name)
    }
  }
}
