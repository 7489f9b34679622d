import VirtioCore

/// The parts of a virtio flow that every virtio device shares: a real ``Virtqueue``, the driver's kick decision and
/// its exit, the device's interrupt decision and its delivery, and the guest's interrupt handler (reference
/// `virtio.md` §4.5–4.6). The counts come from the engine's decisions; the flows only say who acts when.
struct VirtioSession {
  let recorder: FlowRecorder
  var queue: Virtqueue
  /// The virtqueue's index, written to the notify address by a kick (§4.5).
  let queueIndex: Int
  /// The spec's name of the queue (`transmitq1`, `receiveq1`, `requestq`).
  let queueName: String
  /// Whether the device thread is running (woken by a kick and not yet idle); only meaningful on its own thread.
  var deviceAwake = false
  /// Whether the device raised an interrupt the guest has not handled yet.
  var pendingInterrupt = false

  let options: FlowOptions
  let machine: Machine
  /// Who runs the device: the vhost worker in the host kernel, or QEMU.
  var device: Component { options.vhost ? .hostKernel : .deviceModel }
  var deviceName: String {
    if options.vhost { return "the vhost worker" }
    guard options.ioeventfd else { return "QEMU" }
    return eventThread == .iothread ? "QEMU's iothread" : "QEMU's main loop"
  }
  /// Whether the device raises its MSI-X interrupt through an irqfd: vhost's call eventfd, or virtio-blk's dataplane
  /// in an iothread (`virtio_notify_irqfd`); QEMU's own device under the big lock calls `msix_notify` (Machine).
  var interruptsThroughIrqfd: Bool { options.vhost || (recorder.flow == .blk && options.ioeventfd && options.iothread) }
  /// The QEMU thread an ioeventfd kick wakes: the device's iothread (virtio-blk with `iothread`), else the main loop.
  var eventThread: QEMUThread { recorder.flow == .blk && options.iothread ? .iothread : .mainLoop }

  init(
    recorder: FlowRecorder, queueIndex: Int, queueName: String, memorySize: Int, offered: VirtioFeatures
  ) throws(FlowError) {
    self.recorder = recorder
    options = recorder.options
    machine = recorder.machine
    self.queueIndex = queueIndex
    self.queueName = queueName
    // Without ioeventfd QEMU handles the kick inside its exit, on the vCPU thread, and its interrupt follows from
    // there; with ioeventfd the eventfd wakes the main loop, or virtio-blk's iothread, which runs the queue's
    // handler (QEMUThread).
    recorder.deviceThread =
      recorder.options.ioeventfd ? (recorder.flow == .blk && recorder.options.iothread ? .iothread : .mainLoop) : .vcpu
    do {
      queue = try Virtqueue(
        .init(size: recorder.options.queueSize, offered: offered, memorySize: memorySize, tracing: recorder.keepSteps))
    } catch {
      throw FlowError("the engine cannot build the queue: \(error)")
    }
  }

  /// Runs engine operations and returns their result with the trace entries they produced.
  mutating func engine<T>(_ body: (inout Virtqueue) throws(VirtqueueError) -> T) throws(FlowError) -> (T, [TraceEntry]) {
    let result: T
    queue.trace.isEnabled = recorder.keepSteps  // past the kept steps nobody reads the entries
    do {
      result = try body(&queue)
    } catch {
      throw FlowError("engine error on \(queueName): \(error)")
    }
    let entries = queue.trace.entries
    if !entries.isEmpty { queue.trace.removeAll() }
    return (result, entries)
  }

  /// The driver's initialisation (spec 3.1.1), shown as one setup step that is not priced.
  mutating func initialize(_ deviceDescription: String) throws(FlowError) {
    let accepted = options.features
    let (_, trace) = try engine { (q: inout Virtqueue) throws(VirtqueueError) in try q.initialize(accepting: accepted) }
    recorder.record(
      .guestDriver,
      "The driver initialises \(deviceDescription): ACKNOWLEDGE, DRIVER, features \(queue.negotiated), FEATURES_OK, DRIVER_OK (one-time setup, not counted).",
      [], trace: trace)
  }

  /// The driver publishes `avail.idx`.
  mutating func publish(_ count: Int) throws(FlowError) {
    let (_, trace) = try engine { (q: inout Virtqueue) throws(VirtqueueError) in try q.publish() }
    let idx = queue.driver.publishedIdx
    recorder.record(
      .guestDriver, "The driver publishes avail.idx = \(idx) after a write barrier: \(count) new chain(s) are visible to the device.",
      [Hop(.guestDriver, .guestMemory, .memoryWrite, machine.text("virtio_wmb(); avail.idx = \(idx)"))], trace: trace)
  }

  /// The driver decides whether to kick (the engine applies NO_NOTIFY or `avail_event`) and, if it does, the
  /// notify write exits. Without ioeventfd QEMU now runs the handler inside the exit: the caller records the device's
  /// work and then ``resumeAfterSyncKick()``. With ioeventfd the exit is lightweight and the device thread wakes.
  mutating func kickDecision() throws(FlowError) -> Bool {
    let (kicked, trace) = try engine { (q: inout Virtqueue) throws(VirtqueueError) -> Bool in try q.kick() }
    let why = trace.last(where: { $0.kind == .kick || $0.kind == .kickSuppressed })?.detail ?? ""
    guard kicked else {
      recorder.record(
        .guestDriver,
        options.eventIdx
          ? "The driver reads used.avail_event: the device has not caught up with earlier buffers, so no kick is needed."
          : "The driver reads used.flags: the device set NO_NOTIFY, so no kick is needed.",
        [Hop(.guestMemory, .guestDriver, .notifySuppressed, machine.text(why.isEmpty ? "no kick: notification suppressed" : why))],
        trace: trace)
      return false
    }
    var hops = machine.kick(queueIndex: queueIndex, ioeventfd: options.ioeventfd, signalled: device, thread: eventThread)
    var summary: String
    if !options.ioeventfd {
      summary = "The driver kicks \(queueName): the notify write exits to QEMU, which handles the queue on the vCPU thread."
    } else {
      summary = "The driver kicks \(queueName): KVM turns the trapped notify write into an ioeventfd signal and resumes the guest at once."
      if deviceAwake {
        summary += " \(deviceName) is already running, so the signal wakes nobody."
      } else {
        hops.append(Hop(device, device, .wakeUp, machine.text("the eventfd wakes \(deviceName) (a separate thread: wake-up latency)")))
        deviceAwake = true
      }
    }
    recorder.record(.guestDriver, summary, hops, trace: trace)
    return true
  }

  /// The entry after QEMU handled a kick synchronously on the vCPU thread.
  mutating func resumeAfterSyncKick() {
    recorder.record(.hypervisor, "QEMU's handler returns and KVM re-enters the guest.", [machine.kickReturn()])
  }

  /// The device decides whether to interrupt (the engine applies NO_INTERRUPT or `used_event`) and, if it does,
  /// sends MSI-X or raises INTx with ISR bit 0 (§4.5, §4.6).
  mutating func interruptDecision(packet: Int?) throws(FlowError) {
    let (raised, trace) = try engine { (q: inout Virtqueue) throws(VirtqueueError) -> Bool in try q.interrupt() }
    let why = trace.last(where: { $0.kind == .interrupt || $0.kind == .interruptSuppressed })?.detail ?? ""
    guard raised else {
      recorder.record(
        device,
        options.eventIdx
          ? "\(deviceName.capitalizedFirst) reads avail.used_event: the driver has not caught up yet, so no interrupt."
          : "\(deviceName.capitalizedFirst) reads avail.flags: the driver set NO_INTERRUPT, so no interrupt.",
        [Hop(.guestMemory, device, .interruptSuppressed, machine.text(why.isEmpty ? "no interrupt: notification suppressed" : why))],
        trace: trace, packet: packet)
      return
    }
    pendingInterrupt = true
    if options.msix {
      recorder.record(
        device,
        interruptsThroughIrqfd
          ? "\(deviceName.capitalizedFirst) signals the queue's MSI-X vector through an irqfd and KVM delivers it."
          : "\(deviceName.capitalizedFirst) signals the queue's MSI-X vector (virtio_notify → msix_notify): QEMU sends the message to KVM, which delivers it.",
        machine.deliverMSI(
          from: device, signal: "the MSI-X message of \(queueName)", vector: "the \(queueName) MSI-X vector",
          posted: options.postedInterrupts, irqfd: interruptsThroughIrqfd), trace: trace, packet: packet)
    } else {
      recorder.record(
        device, "\(deviceName.capitalizedFirst) sets ISR bit 0 (queue interrupt) and raises INTx; KVM injects it.",
        [
          Hop(device, device, .memoryWrite, machine.text("ISR status |= 1 (queue interrupt)")),
          Hop(device, .hypervisor, .call, machine.text("assert the INTx line (level-triggered)")),
          machine.injection("INTx"),
        ], trace: trace, packet: packet)
    }
  }

  /// The guest's interrupt handler: with INTx, the ISR read (a trapped access QEMU answers, §4.5 `vp_interrupt`);
  /// then the driver reclaims every used chain; then the EOI (an exit unless MSI-X is posted and APICv handles it).
  mutating func handleInterrupt(describe: ([UsedBuffer]) -> String) throws(FlowError) -> [UsedBuffer] {
    pendingInterrupt = false
    if !options.msix {
      recorder.record(
        .guestDriver, "The guest's INTx handler (vp_interrupt) reads the ISR status byte; the read clears it and de-asserts the line.",
        machine.trappedAccess(.mmioAccess, "ioread8(isr) → 1: queue interrupt", emulation: "QEMU returns the ISR byte, clears it and lowers INTx"))
    }
    let (used, trace) = try engine { (q: inout Virtqueue) throws(VirtqueueError) -> [UsedBuffer] in try q.reclaim() }
    var hops = [Hop(.guestMemory, .guestDriver, .memoryRead, machine.text("used.idx = \(queue.driver.lastUsedIdx); \(used.count) used element(s) read"))]
    if options.eventIdx {
      hops.append(Hop(.guestDriver, .guestMemory, .memoryWrite, machine.text("avail.used_event = \(queue.driver.lastUsedIdx): interrupt me after the next used buffer")))
    }
    recorder.record(.guestDriver, describe(used), hops, trace: trace)
    let legacy = !(options.msix && options.postedInterrupts)
    recorder.record(
      .guestDriver,
      legacy
        ? "The handler ends with an EOI, which exits (no APICv\(options.msix ? "" : "; INTx is level-triggered"))."
        : "The handler ends with an EOI, which APICv handles without an exit.",
      machine.eoi(legacy: legacy))
    return used
  }

  /// The driver takes back what is left without an interrupt (as a transmit path frees old buffers before it adds).
  mutating func reclaimLeftovers() throws(FlowError) {
    guard queue.driver.outstandingCount > 0, queue.device.usedIdx != queue.driver.lastUsedIdx else { return }
    let (used, trace) = try engine { (q: inout Virtqueue) throws(VirtqueueError) -> [UsedBuffer] in try q.reclaim() }
    recorder.record(
      .guestDriver, "The driver frees the last \(used.count) used chain(s) on its next pass, without an interrupt.",
      [Hop(.guestMemory, .guestDriver, .memoryRead, machine.text("used.idx = \(queue.driver.lastUsedIdx)"))], trace: trace)
  }

  /// The finished run.
  func finish() -> FlowRun { recorder.finish(queue: queue) }
}

extension String {
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
