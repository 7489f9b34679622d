extension QueueSnapshot {
  /// The snapshot after `events` (trace entries of a command in progress, in order) with memory as in `memory`:
  /// how a viewer follows one command event by event between two engine snapshots. The engine reads its own
  /// trace here, so the viewer never interprets entries itself.
  public func replaying(_ events: some Sequence<TraceEntry>, memory: GuestMemoryView) -> QueueSnapshot {
    var next = self
    next.memory = memory
    var pushing: UInt16?
    var building = next.beingBuilt
    for entry in events { next.apply(entry, building: &building, pushing: &pushing) }
    next.beingBuilt = building
    next.classify()
    return next
  }

  private mutating func apply(_ entry: TraceEntry, building: inout [Int], pushing: inout UInt16?) {
    let value = entry.value.map { UInt16(truncatingIfNeeded: $0) }
    switch (entry.kind, entry.field) {
    case (.write, .descriptor(let i, _)?) where entry.role == .driver && i >= 0 && i < layout.size:
      if !building.contains(i) { building.append(i) }
    case (.write, .availRing?) where entry.role == .driver:
      availIdxShadow = availIdxShadow.map { $0 &+ 1 }
    case (.write, .usedRingID?) where entry.role == .device:
      pushing = value
    case (.chainAdded, _):
      if let head = value { chains[head] = chain(head: head, descriptors: building.isEmpty ? [Int(head)] : building) }
      numFree = numFree.map { $0 - max(1, building.count) }
      building = []
    case (.availPublished, _):
      publishedIdx = value ?? publishedIdx
    case (.chainPopped, _):
      if let head = value, !inFlight.contains(head) { inFlight.append(head) }
    case (.index, _) where entry.role == .device:
      // The device took the head at last_avail_idx (QEMU moves it before walking the chain): from now on the
      // chain is the device's, even while its descriptors are still being read.
      if let head = availHead(lastAvailIdx), !inFlight.contains(head) {
        inFlight.append(head)
        if chains[head] == nil { chains[head] = chain(head: head, descriptors: [Int(head)]) }
      }
      lastAvailIdx = value ?? lastAvailIdx
    case (.index, _):
      lastUsedIdx = value ?? lastUsedIdx
    case (.usedPushed, _):
      deviceUsedIdx = value ?? deviceUsedIdx
      if let head = pushing { inFlight.removeAll { $0 == head } }
      pushing = nil
    case (.reclaimed, _):
      if let head = value, let removed = chains.removeValue(forKey: head) {
        numFree = numFree.map { $0 + removed.descriptors.count }
      }
    case (.reset, _):
      chains = [:]
      inFlight = []
      lastAvailIdx = 0
      deviceUsedIdx = 0
      publishedIdx = publishedIdx.map { _ in 0 }
      availIdxShadow = availIdxShadow.map { _ in 0 }
      lastUsedIdx = lastUsedIdx.map { _ in 0 }
      numFree = numFree.map { _ in layout.size }
    default:
      break
    }
  }

  /// A chain the driver just built, read back from memory (its descriptors, or its indirect table's entries).
  private func chain(head: UInt16, descriptors: [Int]) -> Chain {
    let first = descriptor(Int(head))
    if first.flags.contains(.indirect) {
      let table = DescriptorChain.IndirectTable(address: first.address, count: Int(first.length / 16))
      let buffers = entries(of: table).map { d in
        DescriptorChain.Buffer(
          address: d.address, length: d.length, isWritable: d.flags.contains(.write),
          source: .indirect(table: table.address, d.index, .addr))
      }
      return Chain(head: head, owner: .driver, descriptors: [Int(head)], buffers: buffers, indirectTable: table)
    }
    let buffers = descriptors.map { i in
      let d = descriptor(i)
      return DescriptorChain.Buffer(address: d.address, length: d.length, isWritable: d.flags.contains(.write), source: .descriptor(i, .addr))
    }
    return Chain(head: head, owner: .driver, descriptors: descriptors, buffers: buffers, indirectTable: nil)
  }
}
