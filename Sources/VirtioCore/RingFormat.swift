/// The ring formats of VIRTIO 1.x: the split virtqueue (2.7) and the packed virtqueue (2.8, `VIRTIO_F_RING_PACKED`).
public enum RingFormat: String, CaseIterable, Equatable, Hashable, Sendable {
  case split, packed
}

/// The ring-format seam, driver side: what a queue's bus (``Virtqueue``) asks of a driver, whatever the format.
///
/// Each format's driver is shaped like Linux's (`virtqueue_add_*`, `virtqueue_kick_prepare_*`,
/// `virtqueue_get_buf_ctx_*`), reaches guest memory only through ``GuestMemory`` and records every byte in the
/// ``Trace``. A new format is a new conforming type, not an edit of the split ring's code.
public protocol RingDriver: Sendable {
  /// The number of free descriptors (Linux `num_free`).
  var numFree: Int { get }
  /// Set after the device returned something impossible (Linux `vq->broken`).
  var isBroken: Bool { get }
  /// Builds a chain of readable buffers (with these contents) then writable buffers (of these sizes); not yet
  /// visible to the device. Returns the id the device will return (the split ring's head).
  mutating func add(readable: [[UInt8]], writable: [Int], memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> UInt16
  /// Makes every added chain visible to the device (`avail.idx`, or the head descriptors' flags).
  mutating func publish(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError)
  /// Decides whether to notify the device.
  mutating func kickPrepare(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> Bool
  /// Takes back the next used chain, if any.
  mutating func reclaimOne(memory: inout GuestMemory, trace: inout Trace, collectWritten: Bool) throws(VirtqueueError) -> UsedBuffer?
  /// Turns used-buffer notifications on or off.
  mutating func setInterrupts(enabled: Bool, memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError)
}

/// The ring-format seam, device side: what a queue's bus asks of a device, whatever the format.
///
/// Each format's device is shaped like QEMU's (`virtqueue_*_pop`, `virtqueue_*_flush`, `virtio_*_should_notify`)
/// and validates everything it reads, reporting the named errors of ``VirtqueueError/Kind``.
public protocol RingDevice: Sendable {
  /// Set after a malformed ring: the device ignores the queue until reset.
  var isBroken: Bool { get }
  /// The number of chains in flight.
  var inFlightCount: Int { get }
  /// Takes and validates the next available chain (nil: nothing new).
  mutating func pop(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> DescriptorChain?
  /// Appends the chain's device-readable bytes to `bytes`.
  func readReadable(of chain: DescriptorChain, into bytes: inout [UInt8], memory: GuestMemory, trace: inout Trace) throws(VirtqueueError)
  /// Writes `data` across the chain's device-writable buffers; returns the bytes written.
  func writeWritable(_ data: [UInt8], into chain: DescriptorChain, memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> Int
  /// Decides whether to interrupt the driver.
  mutating func shouldInterrupt(memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError) -> Bool
  /// Turns available-buffer notifications on or off.
  mutating func setNotifications(enabled: Bool, memory: inout GuestMemory, trace: inout Trace) throws(VirtqueueError)
}

extension RingDriver {
  /// The checks every format's add makes before it takes a buffer or a descriptor (Linux `virtqueue_add_split` and
  /// `virtqueue_add_packed`): the chain has a buffer, an indirect table has VIRTIO_F_INDIRECT_DESC, and enough
  /// descriptors are free for it (one when indirect; -ENOSPC).
  @inline(__always) func checkAdd(bufferCount total: Int, indirect: Bool, features: VirtioFeatures) throws(VirtqueueError) {
    guard total > 0 else { throw VirtqueueError(.zeroLengthBuffer, "a chain needs at least one buffer") }
    if indirect && !features.contains(.indirectDesc) {
      throw VirtqueueError(.indirectNotNegotiated, "indirect table requested but VIRTIO_F_INDIRECT_DESC was not negotiated")
    }
    let needed = indirect ? 1 : total
    guard numFree >= needed else {
      throw VirtqueueError(.queueFull, "Can't add buf len \(needed) - avail = \(numFree) (-ENOSPC)")
    }
  }
}

extension SplitDriver: RingDriver {}
extension SplitDevice: RingDevice {}
