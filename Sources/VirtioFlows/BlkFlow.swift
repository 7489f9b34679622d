import VirtioCore

/// Paravirtual virtio-blk on the real split-virtqueue engine: the application reads (or writes) `bytes` of the disk,
/// one request at a time (reference `virtio.md` §4.6, §4.7).
///
/// A request is three kinds of buffer on `requestq` (queue 0): the 16-byte header `{le32 type; le32 reserved; le64
/// sector}` (device-readable), the data in 4 KiB pages (device-writable for a read, `VIRTIO_BLK_T_IN` 0; readable
/// for a write, `T_OUT` 1) and the 1-byte status (device-writable; `VIRTIO_BLK_S_OK` 0) (spec
/// `device-types/blk/description.tex`). Linux's `virtio_blk` adds them with `virtqueue_add_sgs`, so with
/// INDIRECT_DESC the request is one descriptor pointing at an indirect table (the engine's Linux rule).
///
/// Who handles it (`iothread`, ``QEMUThread``): with `-object iothread` and `-device virtio-blk-pci,iothread=…` the
/// queue's ioeventfd wakes that thread, which pops the request and submits the disk I/O (`virtio_blk_handle_vq` →
/// `blk_aio_preadv`/`blk_aio_pwritev`; the model assumes `aio=native`, Linux AIO) and goes back to `aio_poll`;
/// the completion runs in the same thread (`virtio_blk_rw_complete` → `virtio_blk_req_complete`: status byte,
/// `virtqueue_push` with `in_len` = the writable bytes, then `virtio_notify_irqfd`, because the ordinary interrupt
/// path needs the big QEMU lock; QEMU `hw/block/virtio-blk.c`). Without `iothread` the main loop does the same work
/// under the BQL, as it does for virtio-net TX; without ioeventfd the kick's exit submits on the vCPU thread and the
/// completion arrives in the main loop. The disk's own time is not priced (the reference has no figure for it).
struct BlkFlow {
  var session: VirtioSession
  let options: FlowOptions
  var recorder: FlowRecorder { session.recorder }
  var machine: Machine { session.machine }
  /// Whether the application reads the disk (`direction` rx) rather than writes it.
  var reads: Bool { options.direction == .rx }

  init(options: FlowOptions, cost: CostModel, keepSteps: Bool) throws(FlowError) {
    self.options = options
    let recorder = FlowRecorder(flow: .blk, options: options, cost: cost, keepSteps: keepSteps)
    let layout: SplitLayout
    do { layout = try SplitLayout(size: options.queueSize) } catch { throw FlowError("\(error)") }
    let dataStart = Int(SplitLayout.align(layout.end, to: 4096))
    let perRequest = 16 + ((options.bytes + 15) & ~15) + 16 + 16 * (options.blkBuffersPerRequest + 1)
    session = try VirtioSession(
      recorder: recorder, queueIndex: 0, queueName: "requestq", memorySize: dataStart + 2 * perRequest + 0x10000,
      offered: [.version1, .indirectDesc, .eventIdx, .notifyOnEmpty, .anyLayout])
  }

  /// The QEMU thread the requests are handled in once an eventfd wakes QEMU, and where completions arrive.
  var completionThread: QEMUThread { options.ioeventfd && options.iothread ? .iothread : .mainLoop }

  mutating func run() throws(FlowError) -> FlowRun {
    if completionThread == .iothread {
      recorder.note("-object iothread,id=io0 -device virtio-blk-pci,iothread=io0: requestq runs in the iothread's own event loop, without the big QEMU lock; completions notify through an irqfd (virtio_notify_irqfd).")
    } else {
      recorder.note("No iothread: QEMU's main loop handles requestq and its completions under the big QEMU lock, as it does virtio-net TX.")
    }
    recorder.note("Disk I/O is submitted with Linux AIO (aio=native, a model assumption); the disk's own time is not priced.")
    if options.deviceOnOwnThread {
      recorder.note("Wake-ups count device threads woken by a kick; their latency is reported apart from the vCPU's cycles.")
    }
    try session.initialize("the virtio-blk device (requestq)")
    for request in 1...options.packets { try transfer(request) }
    try session.reclaimLeftovers()
    return session.finish()
  }

  /// The request's header: `type` (IN 0 or OUT 1), `reserved` 0, `sector` (little-endian; spec `device-types/blk`).
  func header(sector: UInt64) -> [UInt8] {
    Payload.le32(reads ? 0 : 1) + Payload.le32(0) + (0..<8).map { UInt8(truncatingIfNeeded: sector >> (8 * UInt64($0))) }
  }

  /// The data of request `request` in 4 KiB pages: what a write sends, what a read finds on the disk.
  func pages(_ request: Int) -> [[UInt8]] {
    let data = Payload.frame(packet: request, count: options.bytes)
    return stride(from: 0, to: data.count, by: FlowOptions.fragmentBytes).map {
      Array(data[$0..<min(data.count, $0 + FlowOptions.fragmentBytes)])
    }
  }

  private mutating func transfer(_ request: Int) throws(FlowError) {
    let sector = UInt64(request - 1) * UInt64(options.bytes / FlowOptions.sectorBytes)
    let size = NumberFormat.bytes(options.bytes)
    let verb = reads ? "read" : "write"
    recorder.record(
      .guestApplication, "The application \(reads ? "reads" : "writes") \(size) at sector \(sector) of the disk; the block layer hands the request to virtio-blk.",
      [Hop(.guestApplication, .guestDriver, .call, machine.text("p\(verb)(/dev/vda, \(size), offset \(sector * 512))"))], packet: request)
    try addRequest(request, sector: sector)
    try session.publish(1)
    let kicked = try session.kickDecision()
    guard kicked || session.deviceAwake else {
      throw FlowError("model error: requestq was not kicked and no device thread is running")
    }
    try submit(request)
    if !options.ioeventfd { session.resumeAfterSyncKick() }
    try complete(request)
    session.deviceAwake = false
    if session.pendingInterrupt {
      _ = try session.handleInterrupt { used in
        "virtblk_done: the driver takes the request back (virtqueue_get_buf, len \(used.first?.length ?? 0)), reads status 0 (VIRTIO_BLK_S_OK) and ends the block request."
      }
    }
    recorder.record(
      .guestDriver, "The application's \(verb) returns \(size).",
      [Hop(.guestDriver, .guestApplication, .call, machine.text("p\(verb) → \(size)"))], packet: request)
  }

  private mutating func addRequest(_ request: Int, sector: UInt64) throws(FlowError) {
    let header = header(sector: sector)
    let pages = pages(request)
    let readable = reads ? [header] : [header] + pages
    let writable = reads ? pages.map(\.count) + [1] : [1]
    let (head, trace) = try session.engine { (q: inout Virtqueue) throws(VirtqueueError) -> UInt16 in
      try q.add(readable: readable, writable: writable)
    }
    let buffers = readable.count + writable.count
    let shape = session.queue.driver.outstanding(head: head)?.indirectTable
      .map { "desc[\(head)] pointing at a \($0.count)-entry indirect table" } ?? "\(buffers) chained descriptors from desc[\(head)]"
    recorder.record(
      .guestDriver,
      "The driver adds the request (virtqueue_add_sgs): header {type \(reads ? "IN" : "OUT"), sector \(sector)}, \(NumberFormat.bytes(options.bytes)) of data, a status byte; \(shape).",
      [
        Hop(.guestDriver, .guestMemory, .memoryWrite, machine.text("virtio_blk_outhdr {type \(reads ? 0 : 1), sector \(sector)}\(reads ? "" : " + the data to write")")),
        Hop(.guestDriver, .guestMemory, .memoryWrite, machine.text("\(shape); avail.ring[\(session.queue.layout.slot(session.queue.driver.availIdxShadow &- 1))] = \(head)")),
      ], trace: trace, packet: request)
  }

  /// The handler pops the request, reads its header and submits the disk I/O (then goes back to waiting).
  private mutating func submit(_ request: Int) throws(FlowError) {
    let ((chain, bytes), trace) = try session.engine {
      (q: inout Virtqueue) throws(VirtqueueError) -> (DescriptorChain?, [UInt8]) in
      guard let chain = try q.pop() else { return (nil, []) }
      return (chain, try q.readInFlight())
    }
    guard let chain else { throw FlowError("model error: requestq was empty when \(session.deviceName) looked") }
    let device = session.device
    let type = bytes.count >= 4 ? UInt32(bytes[0]) | UInt32(bytes[1]) << 8 : 0
    let size = NumberFormat.bytes(options.bytes)
    var hops = [
      Hop(.guestMemory, device, .memoryRead, machine.text("desc[\(chain.head)] → \(chain.buffers.count) buffers; header type \(type) (\(type == 0 ? "IN" : "OUT"))")),
      Hop(device, .hostKernel, .call, machine.text("blk_aio_p\(reads ? "readv" : "writev") → io_submit: \(reads ? "read" : "write") \(size) of the image")),
    ]
    if !reads {
      hops.append(Hop(.guestMemory, .hostKernel, .memoryRead, machine.text("the \(size) to write, straight from guest RAM (the iovec)")))
    }
    recorder.record(
      device,
      "\(session.deviceName.capitalizedFirst) pops request \(chain.head) (virtio_blk_handle_vq), reads its header and submits the \(reads ? "read" : "write") to the host kernel; it does not wait for the disk.",
      hops, trace: trace, packet: request)
  }

  /// The disk I/O completes: the completion wakes the handling thread, which writes the status and pushes the request.
  private mutating func complete(_ request: Int) throws(FlowError) {
    let thread = recorder.deviceThread
    recorder.deviceThread = completionThread
    defer { recorder.deviceThread = thread }
    let data = reads ? pages(request).flatMap { $0 } : []
    let length = UInt32(data.count + 1)
    let (chain, trace) = try session.engine { (q: inout Virtqueue) throws(VirtqueueError) -> DescriptorChain? in
      try q.push(length: length, data: data + [0])
    }
    guard let chain else { throw FlowError("model error: no request in flight when the disk I/O completed") }
    let handler = completionThread == .iothread ? "QEMU's iothread" : "QEMU's main loop"
    var hops: [Hop] = []
    if reads {
      hops.append(Hop(.hostKernel, .guestMemory, .memoryWrite, machine.text("\(NumberFormat.bytes(data.count)) of the image into the data buffer (the iovec is guest RAM)")))
    }
    hops += [
      Hop(.hostKernel, .deviceModel, .eventfdSignal, machine.text("AIO completion: the event loop's eventfd wakes \(handler) (aio_poll)")),
      Hop(.deviceModel, .guestMemory, .memoryWrite, machine.text("status = 0 (S_OK); used.ring[…] = {id \(chain.head), len \(length)}; used.idx = \(session.queue.device.usedIdx)")),
    ]
    recorder.record(
      .deviceModel,
      "The \(reads ? "read" : "write") completes; \(handler) runs virtio_blk_rw_complete: status S_OK, virtqueue_push with len \(length) (the bytes it made writable\(reads ? ": data and status" : ": the status")).",
      hops, trace: trace, packet: request)
    try session.interruptDecision(packet: request)
  }
}
