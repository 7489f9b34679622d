import VirtioCore

extension VirtioNetFlow {
  /// The RX buffer header the device writes: a zeroed `virtio_net_hdr` with `num_buffers` = 1, which the device
  /// must set when VIRTIO_NET_F_MRG_RXBUF is not negotiated (spec, as quoted by Linux commit a3b9c053 "vhost/net:
  /// Set num_buffers for virtio 1.0").
  static var receiveHeader: [UInt8] {
    var header = Payload.netHeader
    header[10] = 1
    return header
  }

  /// Receive: post buffers, then for every batch of arriving frames the device fills buffers and interrupts, the
  /// guest handles the interrupt and refills.
  mutating func receive() throws(FlowError) {
    let posted = min(options.queueSize, options.packets)
    for _ in 0..<posted { try postBuffer(packet: nil) }
    try session.publish(posted)
    try kickForBuffers()
    for batch in batches {
      for packet in batch { try deliver(packet) }
      guard session.pendingInterrupt else { continue }
      let used = try session.handleInterrupt { used in
        "The driver takes \(used.count) filled buffer(s) back (virtqueue_get_buf) and passes the frames up the stack."
      }
      for buffer in used {
        recorder.record(
          .guestDriver, "The application receives a \(Int(buffer.length) - FlowOptions.netHeaderBytes)-byte frame.",
          [Hop(.guestDriver, .guestApplication, .call, machine.text("recv → \(NumberFormat.bytes(Int(buffer.length) - FlowOptions.netHeaderBytes))"))])
      }
      guard !used.isEmpty else { continue }
      for _ in used { try postBuffer(packet: nil) }
      try session.publish(used.count)
      try kickForBuffers()
    }
  }

  private mutating func postBuffer(packet: Int?) throws(FlowError) {
    let size = FlowOptions.netHeaderBytes + options.mtu
    let (head, trace) = try session.engine { (q: inout Virtqueue) throws(VirtqueueError) -> UInt16 in
      try q.add(readable: [], writable: [size])
    }
    recorder.record(
      .guestDriver, "The driver posts an empty \(size)-byte receive buffer (12-byte header + MTU \(options.mtu)) as one device-writable descriptor, head \(head).",
      [Hop(.guestDriver, .guestMemory, .memoryWrite, machine.text("desc[\(head)] = {len \(size), WRITE}; avail.ring[…] = \(head)"))],
      trace: trace, packet: packet)
  }

  /// The kick after posting buffers. Without ioeventfd QEMU's RX handler runs in the exit; with a device thread the
  /// thread wakes, notes the buffers and sleeps again until frames arrive.
  private mutating func kickForBuffers() throws(FlowError) {
    let kicked = try session.kickDecision()
    guard kicked else { return }
    if !options.deviceOnOwnThread {
      recorder.record(
        .deviceModel, "QEMU's receive-queue handler notes the new buffers; no frame is waiting.",
        [Hop(.deviceModel, .deviceModel, .emulation, machine.text("virtio-net RX handler: receive buffers available again"))])
      session.resumeAfterSyncKick()
    } else {
      session.deviceAwake = false
    }
  }

  private mutating func deliver(_ packet: Int) throws(FlowError) {
    let frame = Payload.frame(packet: packet, count: options.bytes)
    let device = session.device
    // An arriving frame is read by the tap device's fd handler in QEMU's main loop, with or without ioeventfd;
    // the handler fills the buffer and interrupts from there (QEMUThread).
    let thread = recorder.deviceThread
    recorder.deviceThread = .mainLoop
    defer { recorder.deviceThread = thread }
    recorder.record(
      .physicalNIC, "A \(frame.count)-byte frame arrives; the physical NIC writes it to host memory by DMA and interrupts the host.",
      [
        Hop(.physicalNIC, .physicalNIC, .wire, machine.text("frame of \(frame.count) bytes arrives")),
        Hop(.physicalNIC, .hostKernel, .dma, machine.text("DMA write of \(frame.count) bytes into a host receive buffer")),
        Hop(.physicalNIC, .interruptController, .interrupt, machine.text("MSI: RX completion")),
        Hop(.interruptController, .hostKernel, .call, machine.text("the host NIC driver passes the frame to the tap device")),
        options.vhost
          ? Hop(.hostKernel, .hostKernel, .call, machine.text("vhost-net takes the frame from the tap device"))
          : Hop(.hostKernel, .deviceModel, .call, machine.text("read(tap) → \(frame.count) bytes")),
      ], packet: packet)
    let data = Self.receiveHeader + frame
    let (chain, trace) = try session.engine { (q: inout Virtqueue) throws(VirtqueueError) -> DescriptorChain? in
      guard let chain = try q.pop() else { return nil }
      _ = try q.push(length: UInt32(data.count), data: data, head: chain.head)
      return chain
    }
    guard let chain else {
      throw FlowError("receiveq1 has no posted buffer for packet \(packet): the driver must post buffers before frames arrive")
    }
    recorder.record(
      device,
      "\(session.deviceName.capitalizedFirst) pops buffer \(chain.head), writes the header and the \(frame.count)-byte frame into it and returns it with len \(data.count).",
      [
        Hop(.guestMemory, device, .memoryRead, machine.text("desc[\(chain.head)] → one writable buffer of \(chain.writableLength) bytes")),
        Hop(device, .guestMemory, .memoryWrite, machine.text("virtio_net_hdr (num_buffers 1) + frame: \(data.count) bytes")),
        Hop(device, .guestMemory, .memoryWrite, machine.text("used.ring[…] = {id \(chain.head), len \(data.count)}; used.idx = \(session.queue.device.usedIdx)")),
      ], trace: trace, packet: packet)
    try session.interruptDecision(packet: packet)
  }
}
