import VirtioCore

/// Bettan's increment-edu device on the real engine (reference `virtio.md` §1.2, §1.3, §6.4 row C1): one
/// `requestq` of size 1; a request is two buffers (a 4-byte little-endian integer, room for the 4-byte result),
/// which fit the one-slot queue only through a 2-entry indirect table (§0 finding 3); QEMU's `handle_input` pops
/// the element, writes the integer plus one and pushes it with used `len` 1 (as the example does, although it
/// wrote 4 bytes), then calls `virtio_notify`.
///
/// With Bettan's configuration (``FlowOptions/defaults(for:)``): no ioeventfd, so the kick is a userspace exit and
/// the handler runs on the vCPU thread; no MSI-X vectors, so the interrupt is INTx and the guest's handler reads
/// ISR, another exit. Per request: 2 userspace exits, 1 EOI exit, 1 injected interrupt.
struct IncrementFlow {
  var session: VirtioSession
  let options: FlowOptions
  var recorder: FlowRecorder { session.recorder }
  var machine: Machine { session.machine }

  init(options: FlowOptions, cost: CostModel, keepSteps: Bool) throws(FlowError) {
    self.options = options
    let recorder = FlowRecorder(flow: .increment, options: options, cost: cost, keepSteps: keepSteps)
    let layout: SplitLayout
    do { layout = try SplitLayout(size: options.queueSize) } catch { throw FlowError("\(error)") }
    session = try VirtioSession(
      recorder: recorder, queueIndex: 0, queueName: "requestq",
      memorySize: Int(SplitLayout.align(layout.end, to: 4096)) + 0x10000,
      offered: [.version1, .indirectDesc, .eventIdx, .notifyOnEmpty, .anyLayout])
  }

  mutating func run() throws(FlowError) -> FlowRun {
    recorder.note("Device ID 21, PCI 0x1AF4:0x1055, modern only; QEMU offers indirect_desc and event_idx by default (QEMU include/hw/virtio/virtio.h).")
    recorder.note("Used len is 1 although the device wrote 4 bytes: the spec allows an underestimate, and the driver reads its result variable directly (ybettan/qemu virtio-example.c, QemuDeviceDrivers virtio_example_driver.c).")
    if options.queueSize == 1 {
      recorder.note("Two buffers, one ring slot: the request only fits through a 2-entry indirect table (Linux would fail with -ENOSPC without INDIRECT_DESC).")
    }
    try session.initialize("the increment-edu device (requestq, size \(options.queueSize))")
    var value = options.incrementValue
    for request in 1...options.packets {
      value = try increment(value, request: request)
    }
    return session.finish()
  }

  private mutating func increment(_ value: UInt32, request: Int) throws(FlowError) -> UInt32 {
    recorder.record(
      .guestApplication, "The user writes \(value) to the driver's sysfs file.",
      [Hop(.guestApplication, .guestDriver, .call, machine.text("echo \(value) > /sys/bus/virtio/devices/virtio1/example/virtio_buf"))],
      packet: request)
    let (head, addTrace) = try session.engine { (q: inout Virtqueue) throws(VirtqueueError) -> UInt16 in
      try q.add(readable: [Payload.le32(value)], writable: [4])
    }
    let table = session.queue.driver.outstanding(head: head)?.indirectTable
    recorder.record(
      .guestDriver,
      "The driver adds the request (virtqueue_add_sgs): sg_out holds \(value), sg_in has room for the result; "
        + (table.map { "desc[\(head)] points at a \($0.count)-entry indirect table." } ?? "two chained descriptors from desc[\(head)]."),
      [
        Hop(.guestDriver, .guestMemory, .memoryWrite, machine.text("4-byte LE integer \(Payload.hex(Payload.le32(value))) into a device-readable buffer")),
        Hop(.guestDriver, .guestMemory, .memoryWrite, machine.text(table.map { "desc[\(head)] = {INDIRECT, \($0.count) entries}; avail.ring[0] = \(head)" } ?? "desc[\(head)] → desc[…]; avail.ring[…] = \(head)")),
      ], trace: addTrace, packet: request)
    try session.publish(1)
    let kicked = try session.kickDecision()
    guard kicked || (options.deviceOnOwnThread && session.deviceAwake) else {
      throw FlowError("requestq was not kicked, and the increment device only runs when kicked")
    }
    let ((chain, input), popTrace) = try session.engine {
      (q: inout Virtqueue) throws(VirtqueueError) -> (DescriptorChain?, [UInt8]) in
      guard let chain = try q.pop() else { return (nil, []) }
      return (chain, try q.readInFlight())
    }
    guard let chain else { throw FlowError("model error: requestq was empty when QEMU handled the kick") }
    let read = input.count >= 4 ? UInt32(input[0]) | UInt32(input[1]) << 8 | UInt32(input[2]) << 16 | UInt32(input[3]) << 24 : 0
    let device = session.device
    recorder.record(
      device,
      "handle_input pops the element (virtqueue_pop follows the indirect table) and reads the integer: \(read) (iov_to_buf).",
      [Hop(.guestMemory, device, .memoryRead, machine.text("desc[\(chain.head)] → \(chain.buffers.count) buffers; out_sg → \(Payload.hex(input))"))],
      trace: popTrace, packet: request)
    let result = read &+ 1
    let (_, pushTrace) = try session.engine { (q: inout Virtqueue) throws(VirtqueueError) in
      _ = try q.push(length: 1, data: Payload.le32(result), head: chain.head)
    }
    recorder.record(
      device,
      "It writes \(result) into the device-writable buffer (iov_from_buf) and pushes the element with used len 1 (virtqueue_push(vq, elem, 1)).",
      [
        Hop(device, .guestMemory, .memoryWrite, machine.text("in_sg ← \(Payload.hex(Payload.le32(result)))")),
        Hop(device, .guestMemory, .memoryWrite, machine.text("used.ring[…] = {id \(chain.head), len 1}; used.idx = \(session.queue.device.usedIdx)")),
      ], trace: pushTrace, packet: request)
    try session.interruptDecision(packet: request)
    if !options.deviceOnOwnThread { session.resumeAfterSyncKick() } else { session.deviceAwake = false }
    if session.pendingInterrupt {
      let used = try session.handleInterrupt { used in
        "The callback takes the request back (virtqueue_get_buf: len \(used.first?.length ?? 0)); the driver's result variable already holds \(result)."
      }
      _ = used
    }
    try session.reclaimLeftovers()
    recorder.record(
      .guestApplication, "The user reads the result back.",
      [Hop(.guestDriver, .guestApplication, .call, machine.text("cat …/virtio_buf → \(result)"))], packet: request)
    return result
  }
}
