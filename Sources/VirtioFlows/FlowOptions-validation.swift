extension FlowOptions {
  /// The largest packet the flows accept (the largest IPv4 datagram, and what fits a 16-bit length).
  public static let maximumBytes = 65_535
  /// The most packets one run moves.
  public static let maximumPackets = 100_000
  /// The most payload bytes the emulated flow moves in one run: it steps through every register access (two per
  /// byte with PIO), so this keeps a run (and `compare`) to a few seconds.
  public static let maximumEmulatedBytes = 4 * 1_024 * 1_024

  /// Bytes of a disk sector: virtio-blk's unit for `sector` and for the data length (VIRTIO 1.x `device-types/blk/description.tex`).
  public static let sectorBytes = 512

  /// Buffers of one virtio-blk request: the 16-byte header, the data in 4 KiB pages, the 1-byte status.
  public var blkBuffersPerRequest: Int { 2 + max(1, (bytes + Self.fragmentBytes - 1) / Self.fragmentBytes) }

  /// Packets per publish, never more than there are packets.
  public var effectiveBatch: Int { max(1, min(batch, packets)) }

  /// Checks the options for `flow`; throws a message that says what is wrong and what to change.
  public func validate(for flow: Flow) throws(FlowError) {
    try Self.positive("packets", packets, maximum: Self.maximumPackets)
    try Self.positive("batch", batch, maximum: nil)
    if flow != .increment {
      try Self.positive("bytes", bytes, maximum: Self.maximumBytes)
    }
    switch flow {
    case .emulated:
      guard bytes * packets <= Self.maximumEmulatedBytes else {
        throw FlowError(
          "\(NumberFormat.grouped(packets)) packets × \(NumberFormat.grouped(bytes)) bytes is more than the emulated flow steps through "
            + "register by register in one run (\(NumberFormat.grouped(Self.maximumEmulatedBytes)) bytes); use fewer or smaller packets")
      }
      guard [1, 2, 4, 8].contains(mmioWidth) else {
        throw FlowError("mmio-width must be 1, 2, 4 or 8 bytes (one register access), not \(mmioWidth)")
      }
      if direction == .rx { try checkMTU() }
    case .assigned:
      try checkQueueSize()
      guard effectiveBatch <= queueSize else {
        throw FlowError("a batch of \(effectiveBatch) packets needs \(effectiveBatch) NIC descriptors but the ring has \(queueSize); lower batch or raise queue-size")
      }
      if direction == .rx { try checkMTU() }
    case .virtio:
      try checkQueueSize()
      try checkTransport()
      if direction == .rx {
        try checkMTU()
        guard effectiveBatch <= queueSize else {
          throw FlowError(
            "a batch of \(effectiveBatch) received packets needs \(effectiveBatch) posted receive buffers but the queue holds \(queueSize); lower batch or raise queue-size")
        }
      } else {
        try checkChains(buffers: buffersPerPacket, what: "a packet of \(bytes) bytes (\(buffersPerPacket) page fragment(s), the 12-byte header pushed into the first)", batches: overlap && deviceOnOwnThread ? 2 : 1)
      }
    case .blk:
      try checkQueueSize()
      guard !vhost else {
        throw FlowError("the blk flow models QEMU's virtio-blk (an iothread or the main loop), not a vhost back end; turn vhost off")
      }
      guard !iothread || ioeventfd else {
        throw FlowError("an iothread is woken by the queue's ioeventfd: turn ioeventfd on, or iothread off")
      }
      guard batch == 1 else {
        throw FlowError("the blk flow moves one request at a time (the application waits for each read or write): batch must be 1, not \(batch)")
      }
      guard bytes % Self.sectorBytes == 0 else {
        throw FlowError(
          "a virtio-blk read or write moves whole 512-byte sectors (VIRTIO 1.x, device-types/blk: the data length must be a multiple of 512), not \(bytes) bytes")
      }
      try checkChains(buffers: blkBuffersPerRequest, what: "a \(bytes)-byte disk request (header, \(blkBuffersPerRequest - 2) data buffer(s), status)", batches: 1)
    case .increment:
      try checkQueueSize()
      try checkTransport()
      guard batch == 1 else {
        throw FlowError(
          "the increment-edu device's handle_input takes one element per kick (it has no loop), so requests go one at a time: batch must be 1, not \(batch)")
      }
      try checkChains(buffers: 2, what: "an increment request (a 4-byte integer plus room for the result)", batches: 1)
    }
  }

  /// Descriptors one chain takes in the ring: one with an indirect table, else one per buffer.
  public func descriptorsPerChain(buffers: Int) -> Int { indirect && buffers > 1 ? 1 : buffers }

  private func checkChains(buffers: Int, what: String, batches: Int) throws(FlowError) {
    let perChain = descriptorsPerChain(buffers: buffers)
    guard perChain <= queueSize else {
      throw FlowError(
        "\(what) is \(buffers) buffers, but the queue has only \(queueSize) descriptor(s) and indirect descriptors are off; "
          + "a chain may not be longer than the queue (Linux fails with -ENOSPC): enable indirect or raise queue-size")
    }
    let inFlight = batches * effectiveBatch * perChain
    guard inFlight <= queueSize else {
      let why = batches > 1 ? " (two batches are in flight while the device thread catches up)" : ""
      throw FlowError(
        "a batch of \(effectiveBatch) × \(perChain) descriptor(s) needs \(inFlight) free descriptors\(why) but the queue has \(queueSize); "
          + "lower batch, enable indirect, raise queue-size" + (batches > 1 ? " or turn overlap off" : ""))
    }
  }

  private func checkQueueSize() throws(FlowError) {
    guard queueSize >= 1, queueSize <= 32_768, queueSize & (queueSize - 1) == 0 else {
      throw FlowError("queue-size must be a power of 2 from 1 to 32768, not \(queueSize)")
    }
  }

  private func checkTransport() throws(FlowError) {
    guard !vhost || ioeventfd else {
      throw FlowError("vhost needs ioeventfd: the kick reaches the vhost worker through an eventfd; turn ioeventfd on or vhost off")
    }
  }

  private func checkMTU() throws(FlowError) {
    try Self.positive("mtu", mtu, maximum: Self.maximumBytes)
    guard bytes <= mtu else {
      throw FlowError("a \(bytes)-byte packet does not fit a receive buffer of 12 + \(mtu) bytes; raise mtu or lower bytes")
    }
  }

  private static func positive(_ name: String, _ value: Int, maximum: Int?) throws(FlowError) {
    guard value >= 1 else { throw FlowError("\(name) must be at least 1 (got \(value))") }
    if let maximum, value > maximum {
      throw FlowError("\(name) must be at most \(NumberFormat.grouped(maximum)) (got \(NumberFormat.grouped(value)))")
    }
  }
}
