import VirtioCore

/// Paravirtual virtio-net on the real split-virtqueue engine (reference `virtio.md` §1.1 blog "Motivation (c)",
/// §4.5–4.7, §6.4 row C2).
///
/// Transmit: each packet is a 12-byte `virtio_net_hdr` plus the frame (split at 4 KiB pages), added to `transmitq1`
/// as device-readable buffers. With VERSION_1 the header is pushed into the first fragment's headroom (Linux
/// `xmit_skb`, `can_push`), so a packet of up to 4 KiB is one buffer and one direct descriptor; a larger one is
/// several buffers, in an indirect table when INDIRECT_DESC is negotiated (the engine's Linux rule).
/// The driver publishes once per batch and asks the engine whether to kick. The device (QEMU, or the vhost worker)
/// pops each chain, reads it, hands the frame to the host kernel (the physical NIC sends it by DMA and interrupts
/// the host), pushes the used element with `len` 0 (nothing written: a TX buffer is device-readable, §2.3) and asks
/// the engine whether to interrupt, after every used buffer as the increment device's `handle_input` does
/// (§1.2: `virtqueue_push` then `virtio_notify`). Interrupts that arrive before the guest runs its handler are
/// handled by one handler run (one ISR read with INTx, one EOI).
///
/// Receive: the driver posts writable buffers of 12 + MTU bytes, one descriptor each (without MRG_RXBUF the device
/// needs a single-descriptor buffer, and sets `num_buffers` to 1), kicks, and refills after every batch; the device
/// writes header and frame into the next buffer and pushes `len` = 12 + bytes.
///
/// When the device runs: without ioeventfd, inside the kick's exit on the vCPU thread (§1.2, §4.6), so it drains the
/// queue before the guest resumes. With ioeventfd or vhost, on its own thread woken by the eventfd; since that
/// wake-up takes ≈20 µs (§6.3) against ≈0.6 µs for the lightweight exit, the model assumes (with `overlap` on) that
/// the guest queues its next batch while the device thread works on the previous one. That is an assumption of the
/// schedule, not a measurement; with `overlap` off the device finishes each batch before the next is queued.
struct VirtioNetFlow {
  var session: VirtioSession
  let options: FlowOptions
  var recorder: FlowRecorder { session.recorder }
  var machine: Machine { session.machine }

  init(options: FlowOptions, cost: CostModel, keepSteps: Bool) throws(FlowError) {
    self.options = options
    let recorder = FlowRecorder(flow: .virtio, options: options, cost: cost, keepSteps: keepSteps)
    let tx = options.direction == .tx
    session = try VirtioSession(
      recorder: recorder, queueIndex: tx ? 1 : 0, queueName: tx ? "transmitq1" : "receiveq1",
      memorySize: try Self.memorySize(options), offered: [.version1, .indirectDesc, .eventIdx, .notifyOnEmpty, .anyLayout])
  }

  /// Guest memory for the rings plus every buffer the schedule keeps in flight, with room to spare.
  static func memorySize(_ options: FlowOptions) throws(FlowError) -> Int {
    let layout: SplitLayout
    do { layout = try SplitLayout(size: options.queueSize) } catch { throw FlowError("\(error)") }
    let dataStart = Int(SplitLayout.align(layout.end, to: 4096))
    func padded(_ n: Int) -> Int { (n + 15) & ~15 }
    let perChain: Int
    let chains: Int
    if options.direction == .tx {
      let buffers = options.buffersPerPacket
      perChain = padded(FlowOptions.netHeaderBytes) + padded(options.bytes) + 16 * buffers + 16 * (buffers + 1)
      chains = (options.deviceOnOwnThread && options.overlap ? 2 : 1) * options.effectiveBatch
    } else {
      perChain = padded(FlowOptions.netHeaderBytes + options.mtu) + 16
      chains = min(options.queueSize, options.packets)
    }
    return dataStart + 2 * chains * perChain + 0x10000
  }

  mutating func run() throws(FlowError) -> FlowRun {
    recorder.note("Kick and interrupt counts are the engine's decisions (NO_NOTIFY / NO_INTERRUPT flags, or avail_event / used_event with EVENT_IDX).")
    recorder.note("The device decides after every used buffer (as the increment device's handle_input: virtqueue_push, then virtio_notify).")
    if options.deviceOnOwnThread && options.direction == .tx {
      recorder.note(
        options.overlap
          ? "Schedule assumption: the device thread wakes ≈20 µs after a kick, so the guest queues its next batch meanwhile and the device works one batch behind."
          : "Schedule: the device thread finishes each batch before the guest queues the next (overlap off).")
    }
    if options.deviceOnOwnThread {
      recorder.note("Wake-ups count device threads woken by a kick; their latency is reported apart from the vCPU's cycles.")
    }
    try session.initialize("the virtio-net device (\(options.direction == .tx ? "transmitq1" : "receiveq1"))")
    if options.direction == .tx { try transmit() } else { try receive() }
    return session.finish()
  }

  var batches: [[Int]] {
    stride(from: 1, through: options.packets, by: options.effectiveBatch).map {
      Array($0...min(options.packets, $0 + options.effectiveBatch - 1))
    }
  }

  // MARK: - Transmit

  private mutating func transmit() throws(FlowError) {
    let pipelined = options.deviceOnOwnThread && options.overlap
    var publishedBefore = 0
    for batch in batches {
      if session.pendingInterrupt { try handleTransmitInterrupt() }
      for packet in batch { try addPacket(packet) }
      try session.publish(batch.count)
      let kicked = try session.kickDecision()
      if !options.deviceOnOwnThread {
        if kicked {
          try deviceRun(count: published - popped)
          session.resumeAfterSyncKick()
        }
      } else if session.deviceAwake {
        try deviceRun(count: (pipelined ? publishedBefore : published) - popped)
      }
      publishedBefore += batch.count
    }
    while popped < published {
      if session.pendingInterrupt { try handleTransmitInterrupt() }
      guard session.deviceAwake else {
        throw FlowError("model error: \(published - popped) chain(s) left on transmitq1 with no device running")
      }
      try deviceRun(count: published - popped)
    }
    if session.pendingInterrupt { try handleTransmitInterrupt() }
    try session.reclaimLeftovers()
  }

  var published: Int { Int(session.queue.driver.publishedIdx) }
  var popped: Int { session.queue.counters.chainsPopped }

  private mutating func addPacket(_ packet: Int) throws(FlowError) {
    let frame = Payload.frame(packet: packet, count: options.bytes)
    recorder.record(
      .guestApplication, "The application sends a \(frame.count)-byte packet; the guest kernel hands it to virtio-net.",
      [Hop(.guestApplication, .guestDriver, .call, machine.text("send(\(NumberFormat.bytes(frame.count)))"))], packet: packet)
    let fragments = stride(from: 0, to: frame.count, by: FlowOptions.fragmentBytes).map {
      Array(frame[$0..<min(frame.count, $0 + FlowOptions.fragmentBytes)])
    }
    // xmit_skb's can_push: the header goes into the headroom in front of the first fragment (one sg entry).
    var buffers = fragments.isEmpty ? [Payload.netHeader] : fragments
    if !fragments.isEmpty { buffers[0] = Payload.netHeader + fragments[0] }
    let (head, trace) = try session.engine { [buffers] (q: inout Virtqueue) throws(VirtqueueError) -> UInt16 in
      try q.add(readable: buffers, writable: [])
    }
    let indirect = session.queue.driver.outstanding(head: head)?.indirectTable
    let shape = indirect.map { "one descriptor pointing at a \($0.count)-entry indirect table" }
      ?? (buffers.count == 1
        ? "one \(buffers[0].count)-byte descriptor (the header pushed into the packet's headroom)"
        : "\(buffers.count) chained descriptors")
    recorder.record(
      .guestDriver,
      "The driver adds packet \(packet) to transmitq1: the 12-byte virtio_net_hdr and \(frame.count) bytes as \(shape), head \(head).",
      [
        Hop(.guestDriver, .guestMemory, .memoryWrite, machine.text("header + frame (\(12 + frame.count) bytes) into guest buffers")),
        Hop(.guestDriver, .guestMemory, .memoryWrite, machine.text("desc[\(head)]\(indirect == nil ? "…" : " → indirect table"), avail.ring[\(session.queue.layout.slot(session.queue.driver.availIdxShadow &- 1))] = \(head)")),
      ], trace: trace, packet: packet)
  }

  private mutating func deviceRun(count: Int) throws(FlowError) {
    guard count > 0 else { return }
    let device = session.device
    for _ in 0..<count {
      let ((chain, bytes), trace) = try session.engine {
        (q: inout Virtqueue) throws(VirtqueueError) -> (DescriptorChain?, [UInt8]) in
        guard let chain = try q.pop() else { return (nil, []) }
        return (chain, try q.readInFlight())
      }
      guard let chain else { throw FlowError("model error: transmitq1 was empty when \(session.deviceName) expected a chain") }
      let packet = Int(session.queue.counters.chainsPopped)
      recorder.record(
        device,
        "\(session.deviceName.capitalizedFirst) pops chain \(chain.head)\(chain.indirectTable == nil ? "" : " (via its indirect table)") and reads \(bytes.count) bytes: the header and the frame.",
        [Hop(.guestMemory, device, .memoryRead, machine.text("desc[\(chain.head)] → \(chain.buffers.count) buffer(s), \(NumberFormat.bytes(bytes.count))"))],
        trace: trace, packet: packet)
      let frameBytes = bytes.count - FlowOptions.netHeaderBytes
      recorder.record(
        .physicalNIC,
        "The frame goes to the host kernel, whose NIC driver rings the physical NIC's doorbell; the NIC fetches it by DMA, sends it and interrupts the host.",
        [
          options.vhost
            ? Hop(.hostKernel, .hostKernel, .call, machine.text("vhost-net passes the frame to the tap device inside the kernel"))
            : Hop(.deviceModel, .hostKernel, .call, machine.text("write(tap, frame, \(frameBytes))")),
          Hop(.hostKernel, .physicalNIC, .mmioAccess, machine.text("the host NIC driver rings the NIC's doorbell")),
          Hop(.physicalNIC, .hostKernel, .dma, machine.text("DMA read of \(NumberFormat.bytes(frameBytes)) from host memory")),
          Hop(.physicalNIC, .physicalNIC, .wire, machine.text("frame of \(NumberFormat.bytes(frameBytes)) on the wire")),
          Hop(.physicalNIC, .interruptController, .interrupt, machine.text("MSI: TX completion")),
          Hop(.interruptController, .hostKernel, .call, machine.text("the host NIC driver reaps the completion")),
        ], packet: packet)
      let (_, pushTrace) = try session.engine { (q: inout Virtqueue) throws(VirtqueueError) in
        _ = try q.push(length: 0, head: chain.head)
      }
      recorder.record(
        device, "\(session.deviceName.capitalizedFirst) returns chain \(chain.head) through the used ring with len 0 (it wrote nothing).",
        [Hop(device, .guestMemory, .memoryWrite, machine.text("used.ring[…] = {id \(chain.head), len 0}; smp_wmb(); used.idx = \(session.queue.device.usedIdx)"))],
        trace: pushTrace, packet: packet)
      try session.interruptDecision(packet: packet)
    }
    if options.deviceOnOwnThread && popped == published { session.deviceAwake = false }
  }

  private mutating func handleTransmitInterrupt() throws(FlowError) {
    _ = try session.handleInterrupt { used in
      "The driver reclaims \(used.count) sent chain(s) (virtqueue_get_buf) and frees their buffers."
    }
  }
}
