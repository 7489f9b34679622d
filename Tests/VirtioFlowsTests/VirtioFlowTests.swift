import Testing
import VirtioCore
@testable import VirtioFlows

/// virtio-net on the real engine: counts from the engine's kick and interrupt decisions, toggles moving them the
/// right way, and memory exactly as a hand-driven engine leaves it.
@Suite struct VirtioFlowTests {
  // MARK: - Kicks

  @Test(arguments: ["sync", "overlap", "no-overlap"], [(8, 1), (8, 4), (9, 4), (32, 8)])
  func withoutEventIdxEveryPublishKicks(mode: String, workload: (packets: Int, batch: Int)) throws {
    let t = try run(.virtio, settings(mode) + [
      ("event-idx", "off"), ("packets", "\(workload.packets)"), ("batch", "\(workload.batch)"),
    ]).totals
    let publishes = ceilDiv(workload.packets, workload.batch)
    #expect(t.kicks == publishes)
    #expect(t.kicksSuppressed == 0)
    // The device decides after every used buffer and nothing suppresses it without EVENT_IDX.
    #expect(t.injectedInterrupts == workload.packets)
  }

  @Test(arguments: [(8, 1), (8, 4), (9, 4), (32, 8)])
  func eventIdxWithBatchingReducesKicksAndInterrupts(packets: Int, batch: Int) throws {
    let base: [(String, String)] = [("packets", "\(packets)"), ("batch", "\(batch)")]
    let without = try run(.virtio, base + [("event-idx", "off")]).totals
    let with = try run(.virtio, base + [("event-idx", "on")]).totals
    let rounds = ceilDiv(packets, batch)
    // The device thread works one batch behind, so avail_event stays behind the driver: one kick wakes it for good.
    #expect(with.kicks == 1)
    #expect(with.kicksSuppressed == rounds - 1)
    // used_event: one interrupt per device pass over a batch, the rest suppressed.
    #expect(with.injectedInterrupts == rounds)
    #expect(with.interruptsSuppressed == packets - rounds)
    if batch > 1 || packets > 1 {
      #expect(with.kicks < without.kicks || rounds == 1)
      #expect(with.injectedInterrupts < without.injectedInterrupts || batch == 1)
    }
    #expect(with.kicks + with.injectedInterrupts < 2 * packets)
  }

  @Test func eventIdxCannotSaveKicksWhenQEMUDrainsInsideTheExit() throws {
    let t = try run(.virtio, [("ioeventfd", "off"), ("packets", "12"), ("batch", "4")]).totals
    #expect(t.kicks == 3)
    #expect(t.userspaceExits == 3)
    #expect(t.injectedInterrupts == 3)
  }

  // MARK: - Exit kinds

  @Test func ioeventfdTurnsHeavyExitsIntoLightOnes() throws {
    let base: [(String, String)] = [("packets", "6"), ("batch", "2"), ("event-idx", "off")]
    let heavy = try run(.virtio, base + [("ioeventfd", "off")]).totals
    let light = try run(.virtio, base + [("ioeventfd", "on")]).totals
    #expect(heavy.userspaceExits == 3 && heavy.kernelExits == 0)
    #expect(light.userspaceExits == 0 && light.kernelExits == 3)
    #expect(light.cycles < heavy.cycles)
    #expect(heavy.cycles - light.cycles == 3 * (5_000 - 1_750))
    #expect(heavy.wakeUps == 0 && light.wakeUps >= 1)
  }

  @Test func msixRemovesTheISRRead() throws {
    let base: [(String, String)] = [("packets", "4"), ("batch", "2"), ("ioeventfd", "off")]
    let intx = try run(.virtio, base + [("intx", "on")]).totals
    let msix = try run(.virtio, base + [("msix", "on")]).totals
    // Every handler run reads ISR once with INTx: one more userspace exit per handler run (= per EOI).
    #expect(intx.userspaceExits == msix.userspaceExits + intx.interruptExits)
    #expect(msix.userspaceExits == msix.kicks)
    #expect(intx.injectedInterrupts == msix.injectedInterrupts)
  }

  @Test func postedInterruptsRemoveInjectionAndEOIExits() throws {
    let base: [(String, String)] = [("packets", "8"), ("batch", "4")]
    let legacy = try run(.virtio, base).totals
    let posted = try run(.virtio, base + [("posted-interrupts", "on")]).totals
    #expect(legacy.interruptExits == legacy.injectedInterrupts)
    #expect(posted.interruptExits == 0)
    #expect(posted.injectedInterrupts == legacy.injectedInterrupts)
    #expect(posted.cycles == legacy.cycles - legacy.injectedInterrupts * 2_000)
    // INTx is level-triggered: posting does not apply, the EOI still exits.
    let intx = try run(.virtio, base + [("intx", "on"), ("posted-interrupts", "on")]).totals
    #expect(intx.interruptExits == intx.injectedInterrupts)
  }

  @Test func vhostRunsTheDeviceInTheHostKernel() throws {
    let r = try run(.virtio, [("vhost", "on"), ("packets", "2")])
    let qemu = try run(.virtio, [("packets", "2")])
    #expect(r.totals == qemu.totals)
    #expect(r.steps.contains { $0.actor == .hostKernel && $0.summary.contains("vhost worker pops") })
    #expect(!r.steps.contains { $0.actor == .deviceModel })
  }

  // MARK: - Memory is the engine's

  @Test(arguments: [true, false], [1, 3])
  func transmitMemoryMatchesAHandDrivenEngine(eventIdx: Bool, batch: Int) throws {
    let packets = 7
    let bytes = 100
    let r = try run(.virtio, [
      ("ioeventfd", "off"), ("packets", "\(packets)"), ("batch", "\(batch)"), ("bytes", "\(bytes)"),
      ("event-idx", eventIdx ? "on" : "off"), ("queue-size", "16"),
    ])
    let flowQueue = try #require(r.queue)

    // The same work by hand: QEMU drains inside each kick's exit; the guest handles the interrupt before its
    // next batch.
    var q = try Virtqueue(.init(size: 16, offered: [.version1, .indirectDesc, .eventIdx, .notifyOnEmpty, .anyLayout], memorySize: flowQueue.memory.size))
    try q.initialize(accepting: eventIdx ? [.version1, .indirectDesc, .eventIdx] : [.version1, .indirectDesc])
    var interrupted = false
    var packet = 1
    while packet <= packets {
      if interrupted { _ = try q.reclaim(); interrupted = false }
      let last = min(packets, packet + batch - 1)
      for p in packet...last {
        // VERSION_1: xmit_skb pushes the header into the headroom, so header and frame are one buffer.
        try q.add(readable: [[UInt8](repeating: 0, count: 12) + frame(packet: p, count: bytes)], writable: [])
      }
      try q.publish()
      #expect(try q.kick())
      for _ in packet...last {
        let chain = try #require(try q.pop())
        #expect(try q.readInFlight() == [UInt8](repeating: 0, count: 12) + frame(packet: Int(q.counters.chainsPopped), count: bytes))
        try q.push(length: 0, head: chain.head)
        if try q.interrupt() { interrupted = true }
      }
      packet = last + 1
    }
    if interrupted { _ = try q.reclaim() }

    #expect(flowQueue.memory == q.memory)
    #expect(flowQueue.counters == q.counters)
    #expect(try flowQueue.value(of: .usedIdx) == UInt64(packets))
    #expect(try flowQueue.value(of: .availIdx) == UInt64(packets))
    #expect(r.totals.kicks == q.counters.kicks)
    #expect(r.totals.injectedInterrupts == q.counters.interrupts)
    #expect(r.totals.interruptsSuppressed == q.counters.interruptsSuppressed)
  }

  @Test func receiveWritesHeaderAndFrameIntoPostedBuffers() throws {
    let r = try run(.virtio, [("direction", "rx"), ("packets", "4"), ("batch", "2"), ("bytes", "60"), ("ioeventfd", "off"), ("queue-size", "8")])
    let flowQueue = try #require(r.queue)

    var q = try Virtqueue(.init(size: 8, offered: [.version1, .indirectDesc, .eventIdx, .notifyOnEmpty, .anyLayout], memorySize: flowQueue.memory.size))
    try q.initialize(accepting: [.version1, .indirectDesc, .eventIdx])
    for _ in 0..<4 { try q.add(readable: [], writable: [12 + 1500]) }
    try q.publish()
    _ = try q.kick()
    var header = [UInt8](repeating: 0, count: 12)
    header[10] = 1  // num_buffers = 1 without MRG_RXBUF
    var received: [UsedBuffer] = []
    for round in 0..<2 {
      for p in (2 * round + 1)...(2 * round + 2) {
        let chain = try #require(try q.pop())
        try q.push(length: UInt32(72), data: header + frame(packet: p, count: 60), head: chain.head)
        _ = try q.interrupt()
      }
      let used = try q.reclaim()
      received += used
      for _ in used { try q.add(readable: [], writable: [12 + 1500]) }
      try q.publish()
      _ = try q.kick()
    }
    #expect(flowQueue.memory == q.memory)
    #expect(received.map(\.length) == [72, 72, 72, 72])
    #expect(received[2].written == header + frame(packet: 3, count: 60))
  }

  @Test func receiveCountsFollowTheEngine() throws {
    let base: [(String, String)] = [("direction", "rx"), ("packets", "12"), ("batch", "3")]
    let without = try run(.virtio, base + [("event-idx", "off")]).totals
    let with = try run(.virtio, base + [("event-idx", "on")]).totals
    // Posting kicks once; every refill publish kicks without EVENT_IDX; with it the device never ran dry.
    #expect(without.kicks == 1 + 4)
    #expect(with.kicks == 1)
    #expect(without.injectedInterrupts == 12)
    #expect(with.injectedInterrupts == 4)
    #expect(with.dmaTransfers == 12 && with.hostInterrupts == 12)
  }

  // MARK: - Shapes, steps, determinism

  @Test func aSmallPacketIsOneDirectDescriptor() throws {
    // Linux's xmit_skb with VERSION_1 (can_push): the 12-byte header goes into the headroom, so a 64-byte packet
    // is one 76-byte buffer; one buffer never takes an indirect table (virtqueue_use_indirect: total_sg > 1).
    for indirect in ["on", "off"] {
      let r = try run(.virtio, [("packets", "1"), ("indirect", indirect)])
      #expect(r.steps.contains { $0.summary.contains("one 76-byte descriptor") })
      let queue = try #require(r.queue)
      #expect(try queue.value(of: .descriptor(0, .flags)) == 0)
      #expect(try queue.value(of: .descriptor(0, .len)) == 76)
    }
  }

  @Test func indirectTogglesTheChainShapeOfAPagedPacket() throws {
    let indirect = try run(.virtio, [("packets", "1"), ("bytes", "5000")])
    let chained = try run(.virtio, [("packets", "1"), ("bytes", "5000"), ("indirect", "off")])
    #expect(indirect.steps.contains { $0.summary.contains("2-entry indirect table") })
    #expect(chained.steps.contains { $0.summary.contains("2 chained descriptors") })
    #expect(try #require(chained.queue).value(of: .descriptor(0, .flags)) == UInt64(DescriptorFlags.next.rawValue))
  }

  @Test func largePacketsAreSplitAtPages() throws {
    let r = try run(.virtio, [("bytes", "9000"), ("indirect", "off"), ("ioeventfd", "off")])
    // (12-byte header + 4096) + 4096 + 808: three descriptors.
    #expect(r.steps.contains { $0.summary.contains("3 chained descriptors") })
    #expect(r.steps.contains { $0.summary.contains("reads 9012 bytes") })
  }

  @Test func runsAreDeterministic() throws {
    let settings: [(String, String)] = [("packets", "10"), ("batch", "3"), ("bytes", "200")]
    #expect(try run(.virtio, settings) == run(.virtio, settings))
    #expect(try run(.virtio, settings + [("direction", "rx")]) == run(.virtio, settings + [("direction", "rx")]))
  }

  @Test func countingOnlyGivesTheSameTotals() throws {
    for flow in Flow.allCases {
      let full = try run(flow, [("packets", "5"), ("batch", flow == .increment || flow == .blk ? "1" : "2")])
      let counted = try run(flow, [("packets", "5"), ("batch", flow == .increment || flow == .blk ? "1" : "2")], keepSteps: false)
      #expect(full.totals == counted.totals, "\(flow)")
      #expect(full.stepCount == counted.stepCount)
      #expect(counted.steps.isEmpty)
      #expect(full.queue?.memory == counted.queue?.memory)
    }
  }

  @Test func everyVirtioStepCarriesTheEngineEntriesItProduced() throws {
    let r = try run(.virtio, [("packets", "2")])
    let kick = try #require(r.steps.first { $0.hops.contains { $0.kind == .notify } })
    #expect(kick.engineTrace.contains { $0.kind == .kick })
    let sequences = r.steps.flatMap(\.engineTrace).map(\.sequence)
    #expect(sequences == Array(1...sequences.count))
  }

  private func settings(_ mode: String) -> [(String, String)] {
    switch mode {
    case "sync": return [("ioeventfd", "off")]
    case "overlap": return [("ioeventfd", "on"), ("overlap", "on")]
    default: return [("ioeventfd", "on"), ("overlap", "off")]
    }
  }
}
