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
      transport = setup.transport
      startPackedQueue(setup, line: line.line)
    case .queue(let setup):
      transport = setup.transport
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
      guard queue != nil || packedQueue != nil else {
        // A `queue` line the engine refused left no queue: name its error rather than "no queue yet".
        throw usage(rejectedQueueProblem(detailed: true) ?? "no queue yet: start the script with e.g. `queue size=8`")
      }
      do {
        let outcome = packedQueue != nil ? try packedQueue!.apply(line.command) : try queue!.apply(line.command)
        switch outcome {
        case .none: break
        case .added(let head): lastHead = head
        case .reclaimed(let buffers): lastReclaimed = buffers
        }
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
    // A new `queue` line replaces the queue before it, also when the engine refuses the new one.
    queue = nil
    do {
      var q = try Virtqueue(configuration)
      if journaling { q.memory.startJournal() }
      q.setIndirectPolicy(setup.indirectPolicy)
      if setup.autoInit { try q.initialize(accepting: setup.features.union(setup.layout == .modern ? .version1 : [])) }
      queue = q
      lastError = nil
      rejectedQueue = nil
    } catch {
      // A bad layout or a refused negotiation is a ring error like any other: keep going without a queue.
      let located = LocatedError(error: error, line: line)
      lastError = located
      unclaimedErrors.append(located)
      rejectedQueue = located
    }
  }
}
