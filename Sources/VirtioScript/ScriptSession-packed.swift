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
      rejectedQueue = nil
    } catch {
      let located = LocatedError(error: error, line: line)
      lastError = located
      unclaimedErrors.append(located)
      rejectedQueue = located
    }
  }
}
