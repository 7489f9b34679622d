import VirtioCore

extension ScriptSession {
  /// Runs one line. Ring errors do not throw: they are recorded (the device stops the queue as a real one
  /// would) and later checked with `expect error == NAME`.
  public mutating func execute(_ line: ScriptLine, file: String) throws(ScriptFailure) {
    func usage(_ message: String) -> ScriptFailure {
      ScriptFailure(.usage, message, file: file, line: line.line, column: line.column)
    }
    switch line.command {
    case .queue(let setup) where setup.format == .packed:
      startPackedQueue(setup, line: line.line)
    case .queue(let setup):
      packedQueue = nil
      splitBeforePacked = nil
      try startQueue(setup, line: line.line, usage: usage)
    case .expect(let expectation):
      try check(expectation, line: line, file: file)
    case .flow(let name, let arguments):
      try runFlow(name: name, arguments: arguments, usage: usage)
    case .note(let text):
      packedQueue?.trace.record(TraceEntry(role: .driver, kind: .note, detail: text))
      guard queue != nil else { return }
      queue!.trace.record(TraceEntry(role: .driver, kind: .note, detail: text))
    default:
      guard queue != nil || packedQueue != nil else { throw usage("no queue yet: start the script with e.g. `queue size=8`") }
      do {
        if packedQueue != nil { try applyPacked(line.command) } else { try apply(line.command) }
        // A successful reset starts over: the latest error is gone with the state that caused it.
        if case .driverStatus(let bits) = line.command, bits.isEmpty { lastError = nil }
      } catch {
        let located = LocatedError(error: error, line: line.line)
        lastError = located
        unclaimedErrors.append(located)
      }
    }
  }

  private mutating func startQueue(_ setup: QueueSetup, line: Int, usage: (String) -> ScriptFailure) throws(ScriptFailure) {
    var configuration = Virtqueue.Configuration(
      size: setup.size, layout: setup.layout, offered: setup.offered ?? setup.features.union(.version1),
      memorySize: setup.memorySize, tracing: tracing)
    if let d = setup.descriptorTable, let a = setup.availRing, let u = setup.usedRing {
      configuration.addresses = (d, a, u)
    }
    do {
      var q = try Virtqueue(configuration)
      if journaling { q.memory.startJournal() }
      q.setIndirectPolicy(setup.indirectPolicy)
      if setup.autoInit { try q.initialize(accepting: setup.features.union(setup.layout == .modern ? .version1 : [])) }
      queue = q
      lastError = nil
    } catch {
      // A bad layout or a refused negotiation is a ring error like any other: keep going without a queue.
      let located = LocatedError(error: error, line: line)
      lastError = located
      unclaimedErrors.append(located)
    }
  }

  private mutating func apply(_ command: ScriptCommand) throws(VirtqueueError) {
    switch command {
    case .driverStatus(let bits): try queue!.writeStatus(bits)
    case .driverFeatures(let features): try queue!.acceptFeatures(features)
    case .driverInit(let features): try queue!.initialize(accepting: features ?? queue!.registers.deviceFeatures)
    case .driverAdd(let readable, let writable, let policy):
      if let policy { queue!.setIndirectPolicy(policy) }
      lastHead = try queue!.add(readable: readable, writable: writable)
    case .driverPublish: try queue!.publish()
    case .driverKick: try queue!.kick()
    case .driverReclaim: lastReclaimed = try queue!.reclaim()
    case .driverInterrupts(let on): try queue!.setInterrupts(enabled: on)
    case .devicePop: try queue!.pop()
    case .deviceRead: _ = try queue!.readInFlight()
    case .devicePush(let length, let data): try push(length: length, data: data)
    case .devicePushBatch(let count, let length, let data): try pushBatch(count: count, length: length, data: data)
    case .deviceInterrupt: try queue!.interrupt()
    case .deviceNotifications(let on): try queue!.setNotifications(enabled: on)
    case .deviceStrict(let on): queue!.setStrictFeatures(on)
    case .poke(let field, let value): try queue!.poke(field, value)
    case .queue, .expect, .flow, .note: break
    }
  }

  private mutating func push(length: UInt32?, data: PushData) throws(VirtqueueError) {
    guard let (len, bytes) = try pushArguments(length: length, data: data) else { return }
    try queue!.push(length: len, data: bytes)
  }

  /// `device push count=N`: fill the N oldest chains as `device push` would, then one flush.
  private mutating func pushBatch(count: Int, length: UInt32?, data: PushData) throws(VirtqueueError) {
    var filled = 0
    while filled < count, let (len, bytes) = try pushArguments(length: length, data: data, quiet: filled > 0) {
      try queue!.fill(length: len, data: bytes)
      filled += 1
    }
    if filled > 0 && filled < count {
      queue!.trace.record(TraceEntry(role: .device, kind: .note, detail: "only \(filled) of \(count) chains were in flight"))
    }
    try queue!.flush()
  }

  /// The length and bytes `device push` uses for the oldest chain in flight, or nil (with a trace note unless
  /// `quiet`) when nothing is in flight.
  private mutating func pushArguments(length: UInt32?, data: PushData, quiet: Bool = false) throws(VirtqueueError) -> (UInt32, [UInt8]?)? {
    guard let chain = queue!.device.oldestInFlight else {
      if !quiet { queue!.trace.record(TraceEntry(role: .device, kind: .note, detail: "nothing in flight to push")) }
      return nil
    }
    let bytes: [UInt8]?
    switch data {
    case .pattern: bytes = nil
    case .bytes(let b): bytes = b
    case .increment:
      let input = try queue!.readInFlight()
      var value: UInt32 = 0
      for (i, byte) in input.prefix(4).enumerated() { value |= UInt32(byte) << (8 * UInt32(i)) }
      bytes = withUnsafeBytes(of: (value &+ 1).littleEndian) { Array($0) }
    }
    let capacity = UInt32(clamping: chain.writableLength)
    let len = length ?? UInt32(clamping: bytes?.count ?? Int(capacity))
    return (len, bytes)
  }
}
